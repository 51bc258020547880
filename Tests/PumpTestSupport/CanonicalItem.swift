import Foundation
import PumpArchive

/// Canonical text of DynamoDB-JSON items for exact comparisons in tests: pump's own
/// `ItemContent` (members and set members sorted, numbers as decimals), keyed by key attributes.
public enum CanonicalItem {
    public static func canonical(_ bytes: [UInt8]) throws -> String {
        let object = try JSONSerialization.jsonObject(with: Data(bytes))
        return ItemContent.canonical(json: object)
    }

    /// The canonical text of the named key attributes.
    public static func key(_ bytes: [UInt8], names: [String]) throws -> String {
        guard let object = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else { return "" }
        return names.compactMap { name in object[name].map { "\(name)=" + ItemContent.canonical(json: $0) } }.joined(separator: "|")
    }
}
