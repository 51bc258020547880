import Foundation
import PumpJSON

/// An item's content in one canonical text, for comparing items written with items read
/// back (`--verify full`, and the tests): members sorted by name, set members sorted (sets
/// are unordered), numbers compared as decimals ("1.50" is 1.5), because DynamoDB returns an
/// item in its own order and number form, not the writer's.
public enum ItemContent {
    public static func canonical(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(buffer: bytes)) else { return nil }
        return canonical(json: object)
    }

    /// The canonical text of a value already parsed by JSONSerialization (an item, or one attribute's typed value).
    public static func canonical(json value: Any) -> String {
        render(value, type: nil)
    }

    private static func render(_ value: Any, type: String?) -> String {
        switch value {
        case let dictionary as [String: Any]:
            let members = dictionary.keys.sorted().map { key in quote(key) + ":" + render(dictionary[key]!, type: key) }
            return "{" + members.joined(separator: ",") + "}"
        case let array as [Any]:
            var elements = array.map { render($0, type: type == "NS" ? "N" : nil) }
            if let type, ["SS", "NS", "BS"].contains(type) { elements.sort() }
            return "[" + elements.joined(separator: ",") + "]"
        case let string as String:
            if type == "N", let number = Decimal(string: string, locale: Locale(identifier: "en_US_POSIX")) { return quote(number.description) }
            return quote(string)
        case let number as NSNumber:
            // DynamoDB JSON writes numbers as strings: a JSON literal here is BOOL's.
            return number.boolValue ? "true" : "false"
        case is NSNull:
            return "null"
        default:
            return "\(value)"
        }
    }

    private static func quote(_ string: String) -> String {
        String(decoding: JSONStringCodec.quoted(string), as: UTF8.self)
    }
}
