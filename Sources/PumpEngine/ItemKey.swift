import PumpArchive
import PumpDynamoDB
import PumpJSON

/// Reads an item's primary key from its bytes, for the checks DynamoDB would otherwise
/// fail a whole batch on: a missing key attribute, a key of the wrong type, and two items
/// with the same key in one BatchWriteItem.
struct ItemKey: Sendable {
    private struct Part: Sendable {
        var name: [UInt8]
        var display: String
        var type: String?
    }

    private let parts: [Part]

    init(table: TableDescription) {
        parts = table.keySchema.sorted { $0.keyType < $1.keyType }.map {
            Part(name: Array($0.attributeName.utf8), display: $0.attributeName, type: table.attributeTypes[$0.attributeName])
        }
    }

    enum Outcome {
        /// The key's value bytes, joined; equal keys give equal bytes for items DynamoDB wrote.
        case key([UInt8])
        /// Why the item cannot be written to this table.
        case invalid(String)
    }

    func extract(_ item: UnsafeBufferPointer<UInt8>) -> Outcome {
        let scanner = JSONScanner(item)
        var values = [Range<Int>?](repeating: nil, count: parts.count)
        var types = [Range<Int>?](repeating: nil, count: parts.count)
        do {
            try scanner.forEachMember(0..<item.count) { name, value in
                guard let index = parts.firstIndex(where: { scanner.keyEquals(name, $0.name) }) else { return true }
                guard let typed = try scanner.objectMembers(value).first, value.count > 2 else { return true }
                values[index] = typed.value
                types[index] = typed.key
                return true
            }
        } catch {
            return .invalid("not a JSON item object: \(error)")
        }
        var key: [UInt8] = []
        for (index, part) in parts.enumerated() {
            guard let value = values[index], let typeRange = types[index] else {
                return .invalid("item has no key attribute \(part.display)")
            }
            let type = String(decoding: UnsafeBufferPointer(rebasing: item[typeRange]), as: UTF8.self)
            if let expected = part.type, type != expected {
                return .invalid("key attribute \(part.display) is \(type), the table's key type is \(expected)")
            }
            key += item[value]
            key.append(0)
        }
        return .key(key)
    }
}
