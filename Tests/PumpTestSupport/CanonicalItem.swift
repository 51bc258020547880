import Foundation

/// A canonical text form of a DynamoDB-JSON item for exact comparisons: object keys
/// sorted, set members sorted (sets are unordered), every value otherwise untouched.
public enum CanonicalItem {
    public static func canonical(_ bytes: [UInt8]) throws -> String {
        let object = try JSONSerialization.jsonObject(with: Data(bytes))
        return render(object, typeTag: nil)
    }

    /// The canonical text of the named key attributes.
    public static func key(_ bytes: [UInt8], names: [String]) throws -> String {
        guard let object = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else { return "" }
        return names.compactMap { name in object[name].map { "\(name)=" + render($0, typeTag: nil) } }.joined(separator: "|")
    }

    private static func render(_ value: Any, typeTag: String?) -> String {
        switch value {
        case let dictionary as [String: Any]:
            let parts = dictionary.keys.sorted().map { key in
                "\(quote(key)):\(render(dictionary[key]!, typeTag: key))"
            }
            return "{" + parts.joined(separator: ",") + "}"
        case let array as [Any]:
            var parts = array.map { render($0, typeTag: nil) }
            if let typeTag, ["SS", "NS", "BS"].contains(typeTag) { parts.sort() }
            return "[" + parts.joined(separator: ",") + "]"
        case let string as String:
            return quote(string)
        case let number as NSNumber:
            // DynamoDB JSON carries numbers as strings, so a JSON number here can only be BOOL's true/false.
            return number.boolValue ? "true" : "false"
        case is NSNull:
            return "null"
        default:
            return "\(value)"
        }
    }

    private static func quote(_ string: String) -> String {
        let data = try! JSONSerialization.data(withJSONObject: [string], options: [.withoutEscapingSlashes])
        let text = String(decoding: data, as: UTF8.self)
        return String(text.dropFirst().dropLast())
    }
}
