import PumpJSON

/// `--rename old=new`: renames top-level attributes of each item on its bytes, leaving
/// every value untouched, for the common schema change of a renamed key or attribute.
public struct AttributeRename: Sendable, Equatable, CustomStringConvertible {
    public let old: String
    public let new: String

    public init(old: String, new: String) {
        self.old = old
        self.new = new
    }

    /// Parses `old=new`.
    public init(argument: String) throws(PumpError) {
        let parts = argument.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw PumpError.invalidOption("--rename \(argument): expected OLD=NEW, e.g. --rename id=pk")
        }
        self.init(old: String(parts[0]), new: String(parts[1]))
    }

    public var description: String { "\(old)=\(new)" }

    /// Checks a set of renames for ambiguity before any item is read.
    static func validate(_ renames: [AttributeRename]) throws(PumpError) {
        var olds = Set<String>(), news = Set<String>()
        for rename in renames {
            guard rename.old != rename.new else { throw PumpError.invalidOption("--rename \(rename): the names are the same") }
            guard olds.insert(rename.old).inserted else { throw PumpError.invalidOption("--rename \(rename.old)=…: given twice") }
            guard news.insert(rename.new).inserted else { throw PumpError.invalidOption("--rename …=\(rename.new): two attributes would both become \(rename.new)") }
        }
    }

    /// The item with its attributes renamed, or why it cannot be: an item that already has
    /// an attribute named like a rename's target would lose one of the two values.
    /// Names are compared in their JSON-escaped form, as DynamoDB and pump write them.
    static func apply(_ renames: [AttributeRename], to item: UnsafeBufferPointer<UInt8>) -> Result<[UInt8], ItemMappingFailure> {
        let scanner = JSONScanner(item)
        let olds = renames.map { Array(JSONStringCodec.quoted($0.old).dropFirst().dropLast()) }
        let news = renames.map { Array(JSONStringCodec.quoted($0.new).dropFirst().dropLast()) }
        var members: [(key: Range<Int>, value: Range<Int>, rename: Int?)] = []
        do {
            try scanner.forEachMember(0..<item.count) { key, value in
                members.append((key, value, olds.firstIndex { scanner.keyEquals(key, $0) }))
                return true
            }
        } catch {
            return .failure(ItemMappingFailure("not a JSON item object: \(error)"))
        }
        for member in members where member.rename == nil {
            if let clash = news.firstIndex(where: { scanner.keyEquals(member.key, $0) }),
               members.contains(where: { $0.rename == clash }) {
                return .failure(ItemMappingFailure("--rename \(renames[clash]): the item already has an attribute \(renames[clash].new)"))
            }
        }
        var out: [UInt8] = [UInt8(ascii: "{")]
        out.reserveCapacity(item.count + 16)
        for (index, member) in members.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "\""))
            if let rename = member.rename { out += news[rename] } else { out += item[member.key] }
            out += Array("\":".utf8)
            out += item[member.value]
        }
        out.append(UInt8(ascii: "}"))
        return .success(out)
    }
}

/// Why one item could not be mapped; it goes to the rejects file with this reason.
struct ItemMappingFailure: Error {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}
