import PumpJSON

/// What `pump verify` demands of every item: well-formed JSON, an object of typed attribute
/// values (`{"name":{"S":"…"}}`), and the table's key attributes with their key types.
public enum ItemCheck {
    static let types: [[UInt8]] = ["S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS"].map { Array($0.utf8) }

    /// nil when the item is fine, else what is wrong with it.
    public static func problem(in item: UnsafeBufferPointer<UInt8>, keys: [Manifest.Key]) -> String? {
        do {
            try JSONValidator.validate(item)
        } catch {
            return "invalid JSON: \(error)"
        }
        let scanner = JSONScanner(item)
        var found: [String: String] = [:]
        var shapeProblem: String?
        do {
            try scanner.forEachMember(0..<item.count) { name, value in
                let members = try scanner.objectMembersIfObject(value)
                guard let members, members.count == 1, types.contains(where: { scanner.keyEquals(members[0].key, $0) }) else {
                    shapeProblem = "attribute \(String(decoding: UnsafeBufferPointer(rebasing: item[name]), as: UTF8.self)) is not a typed value like {\"S\":…}"
                    return false
                }
                if !keys.isEmpty {
                    let attribute = String(decoding: UnsafeBufferPointer(rebasing: item[name]), as: UTF8.self)
                    if keys.contains(where: { $0.attributeName == attribute }) {
                        found[attribute] = String(decoding: UnsafeBufferPointer(rebasing: item[members[0].key]), as: UTF8.self)
                    }
                }
                return true
            }
        } catch {
            return "not an item object: \(error)"
        }
        if let shapeProblem { return shapeProblem }
        for key in keys {
            guard let type = found[key.attributeName] else {
                return "item has no key attribute \(key.attributeName)"
            }
            if let expected = key.attributeType, type != expected {
                return "key attribute \(key.attributeName) is \(type), the table's key type is \(expected)"
            }
        }
        return nil
    }
}

extension JSONScanner {
    /// The members of the value at `range` if it is an object, else nil.
    func objectMembersIfObject(_ range: Range<Int>) throws -> [(key: Range<Int>, value: Range<Int>)]? {
        guard !range.isEmpty, bytes[range.lowerBound] == UInt8(ascii: "{") else { return nil }
        return try objectMembers(range)
    }
}
