import PumpJSON

/// What `pump verify` demands of every item: well-formed JSON, an object of typed attribute
/// values (`{"name":{"S":"…"}}`), and the table's key attributes with their key types.
///
/// Built once per segment: key names are prepared as bytes so checking an item allocates
/// nothing; one strict validation pass is followed by one shallow walk of the attributes.
public struct ItemCheck: Sendable {
    private struct Key: Sendable {
        var name: [UInt8]
        var type: [UInt8]?
        var display: String
    }

    private static let types: [[UInt8]] = ["S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS"].map { Array($0.utf8) }
    private let keys: [Key]

    public init(keys: [Manifest.Key]) {
        self.keys = keys.map { Key(name: Array($0.attributeName.utf8), type: $0.attributeType.map { Array($0.utf8) }, display: $0.attributeName) }
    }

    /// nil when the item is fine, else what is wrong with it.
    public func problem(in item: UnsafeBufferPointer<UInt8>) -> String? {
        do {
            try JSONValidator.validate(item)
        } catch {
            return "invalid JSON: \(error)"
        }
        // Well-formed from here on, so the walk only follows structure.
        let scanner = JSONScanner(item)
        var foundTypes = [Range<Int>?](repeating: nil, count: keys.count)
        var i = scanner.skipWhitespace(0)
        guard i < item.count, item[i] == UInt8(ascii: "{") else { return "an item must be a JSON object" }
        i = scanner.skipWhitespace(i + 1)
        while i < item.count, item[i] == UInt8(ascii: "\"") {
            let nameEnd = (try? scanner.valueEnd(from: i)) ?? item.count
            let name = (i + 1)..<(nameEnd - 1)
            i = scanner.skipWhitespace(scanner.skipWhitespace(nameEnd) + 1)
            guard item[i] == UInt8(ascii: "{") else { return untyped(item, name) }
            i = scanner.skipWhitespace(i + 1)
            guard item[i] == UInt8(ascii: "\"") else { return untyped(item, name) }
            let typeEnd = (try? scanner.valueEnd(from: i)) ?? item.count
            let type = (i + 1)..<(typeEnd - 1)
            guard Self.types.contains(where: { scanner.keyEquals(type, $0) }) else { return untyped(item, name) }
            for (index, key) in keys.enumerated() where scanner.keyEquals(name, key.name) {
                foundTypes[index] = type
            }
            i = scanner.skipWhitespace(scanner.skipWhitespace(typeEnd) + 1)
            i = scanner.skipWhitespace((try? scanner.valueEnd(from: i)) ?? item.count)
            guard i < item.count, item[i] == UInt8(ascii: "}") else { return untyped(item, name) }
            i = scanner.skipWhitespace(i + 1)
            if i < item.count, item[i] == UInt8(ascii: ",") { i = scanner.skipWhitespace(i + 1) }
        }
        for (index, key) in keys.enumerated() {
            guard let type = foundTypes[index] else { return "item has no key attribute \(key.display)" }
            if let expected = key.type, !scanner.keyEquals(type, expected) {
                return "key attribute \(key.display) is \(String(decoding: UnsafeBufferPointer(rebasing: item[type]), as: UTF8.self)), the table's key type is \(String(decoding: expected, as: UTF8.self))"
            }
        }
        return nil
    }

    private func untyped(_ item: UnsafeBufferPointer<UInt8>, _ name: Range<Int>) -> String {
        "attribute \(String(decoding: UnsafeBufferPointer(rebasing: item[name]), as: UTF8.self)) is not a typed value like {\"S\":…}"
    }
}
