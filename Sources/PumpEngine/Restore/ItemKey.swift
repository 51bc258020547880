import PumpArchive
import PumpDynamoDB
import PumpJSON

/// Reads an item's primary key from its bytes, for the checks DynamoDB would otherwise
/// fail a whole batch on: a missing key attribute, a key of the wrong type, and two items
/// with the same key in one BatchWriteItem.
struct ItemKey: Sendable {
    fileprivate struct Part: Sendable {
        var name: [UInt8]
        var display: String
        var type: String?
        var typeBytes: [UInt8]?
    }

    fileprivate let parts: [Part]

    init(table: TableDescription) {
        parts = table.keySchema.sorted { $0.keyType < $1.keyType }.map {
            let type = table.attributeTypes[$0.attributeName]
            return Part(name: Array($0.attributeName.utf8), display: $0.attributeName, type: type, typeBytes: type.map { Array($0.utf8) })
        }
    }

    enum Outcome {
        /// The key's values, unescaped and joined: equal keys give equal bytes however their
        /// JSON was escaped (DynamoDB re-encodes the UnprocessedItems it returns).
        case key([UInt8])
        /// Why the item cannot be written to this table.
        case invalid(String)
    }

    func extract(_ item: UnsafeBufferPointer<UInt8>) -> Outcome {
        let scanner = JSONScanner(item)
        var values = [Range<Int>?](repeating: nil, count: parts.count)
        var types = [Range<Int>?](repeating: nil, count: parts.count)
        var found = 0
        do {
            try scanner.forEachMember(0..<item.count) { name, value in
                guard let index = parts.firstIndex(where: { scanner.keyEquals(name, $0.name) }), values[index] == nil else { return true }
                try scanner.forEachMember(value) { type, typed in
                    types[index] = type
                    values[index] = typed
                    return false
                }
                found += 1
                // The key is all that is needed: the rest of the item is not walked.
                return found < parts.count
            }
        } catch {
            return .invalid("not a JSON item object: \(error)")
        }
        var key: [UInt8] = []
        for (index, part) in parts.enumerated() {
            guard let value = values[index], let typeRange = types[index], value.count >= 2 else {
                return .invalid("item has no key attribute \(part.display)")
            }
            if let expected = part.typeBytes, !scanner.keyEquals(typeRange, expected) {
                let type = String(decoding: UnsafeBufferPointer(rebasing: item[typeRange]), as: UTF8.self)
                return .invalid("key attribute \(part.display) is \(type), the table's key type is \(part.type ?? "")")
            }
            let raw = item[(value.lowerBound + 1)..<(value.upperBound - 1)]
            if raw.contains(UInt8(ascii: "\\")), let decoded = try? JSONStringCodec.decode(item, value) {
                key += Array(decoded.utf8)
            } else {
                key += raw
            }
            key.append(0)
        }
        return .key(key)
    }
}

extension ItemKey {
    /// The item's key attributes as a key object for GetItem and BatchGetItem, bytes untouched.
    func keyObject(_ item: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        let scanner = JSONScanner(item)
        var found: [(Int, Range<Int>, Range<Int>)] = []
        try? scanner.forEachMember(0..<item.count) { name, value in
            if let index = parts.firstIndex(where: { scanner.keyEquals(name, $0.name) }) { found.append((index, name, value)) }
            return true
        }
        guard found.count == parts.count else { return nil }
        var out: [UInt8] = [UInt8(ascii: "{")]
        for (position, member) in found.sorted(by: { $0.0 < $1.0 }).enumerated() {
            if position > 0 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "\""))
            out += item[member.1]
            out += Array("\":".utf8)
            out += item[member.2]
        }
        out.append(UInt8(ascii: "}"))
        return out
    }
}
