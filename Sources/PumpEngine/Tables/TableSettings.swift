import Foundation
import PumpDynamoDB

/// Builds `table.json`: DescribeTable's `Table` plus the settings DescribeTable does not
/// carry (TTL, point-in-time recovery, tags), each as DynamoDB returned it, so the table
/// and its settings can be recreated. A setting the credentials may not read is recorded
/// under `Unavailable` with the reason instead of failing the backup.
enum TableSettings {
    static func document(for description: TableDescription, client: DynamoDBClient) -> [UInt8] {
        var document: [String: Any] = [:]
        var unavailable: [String: String] = [:]
        document["Table"] = (try? JSONSerialization.jsonObject(with: Data(description.rawJSON))) ?? [:]

        func fetch(_ name: String, member: String, _ body: () throws -> [UInt8]) {
            do {
                let object = try JSONSerialization.jsonObject(with: Data(try body())) as? [String: Any]
                document[member] = object?[member] ?? NSNull()
            } catch {
                unavailable[member] = "\(error)"
            }
        }
        fetch("DescribeTimeToLive", member: "TimeToLiveDescription") { try client.describeTimeToLive(description.name) }
        fetch("DescribeContinuousBackups", member: "ContinuousBackupsDescription") { try client.describeContinuousBackups(description.name) }
        if let arn = description.arn {
            do {
                document["Tags"] = try client.listTags(resourceARN: arn)
            } catch {
                unavailable["Tags"] = "\(error)"
            }
        }
        if !unavailable.isEmpty { document["Unavailable"] = unavailable }
        let data = (try? JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return [UInt8](data)
    }

    /// The account id from a table ARN (`arn:aws:dynamodb:region:account:table/name`).
    static func account(fromARN arn: String?) -> String? {
        guard let arn else { return nil }
        let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
        return parts.count > 4 && !parts[4].isEmpty ? String(parts[4]) : nil
    }
}
