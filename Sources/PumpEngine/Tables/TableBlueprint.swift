import Foundation
import PumpDynamoDB

/// How to recreate a table from a backup's `table.json`: the CreateTable request, and the
/// settings CreateTable cannot carry (TTL, point-in-time recovery) to apply after the data
/// is in — the settings AWS's own restores leave for the operator to redo by hand.
public struct TableBlueprint: Sendable {
    /// The CreateTable body (JSON), for the target name.
    public let createRequest: [UInt8]
    /// TTL attribute to enable after the restore, if the source had TTL on.
    public let timeToLiveAttribute: String?
    /// Whether the source had point-in-time recovery on.
    public let pointInTimeRecovery: Bool

    /// `document` is a pump `table.json` ({"Table": …, "TimeToLiveDescription": …, …}) or a bare
    /// DescribeTable `Table` object / response (dynamodump's schema.json).
    public init(document: [UInt8], tableName: String) throws {
        guard let top = try? JSONSerialization.jsonObject(with: Data(document)) as? [String: Any] else {
            throw PumpError.invalidOption("the backup's table description is not JSON; recreate the table yourself and restore without --create-table")
        }
        let table = top["Table"] as? [String: Any] ?? top
        guard let keys = table["KeySchema"] as? [[String: Any]], let definitions = table["AttributeDefinitions"] as? [[String: Any]] else {
            throw PumpError.invalidOption("the backup's table description has no key schema; recreate the table yourself and restore without --create-table")
        }
        var request: [String: Any] = ["TableName": tableName, "KeySchema": keys, "AttributeDefinitions": definitions]
        let throughput = table["ProvisionedThroughput"] as? [String: Any]
        let read = (throughput?["ReadCapacityUnits"] as? NSNumber)?.intValue ?? 0
        let write = (throughput?["WriteCapacityUnits"] as? NSNumber)?.intValue ?? 0
        let billing = (table["BillingModeSummary"] as? [String: Any])?["BillingMode"] as? String ?? (read > 0 ? "PROVISIONED" : "PAY_PER_REQUEST")
        request["BillingMode"] = billing
        let provisioned = billing == "PROVISIONED"
        if provisioned {
            request["ProvisionedThroughput"] = ["ReadCapacityUnits": max(1, read), "WriteCapacityUnits": max(1, write)]
        }
        if let indexes = table["GlobalSecondaryIndexes"] as? [[String: Any]], !indexes.isEmpty {
            request["GlobalSecondaryIndexes"] = indexes.map { index -> [String: Any] in
                var copy: [String: Any] = ["IndexName": index["IndexName"] ?? "", "KeySchema": index["KeySchema"] ?? [], "Projection": index["Projection"] ?? ["ProjectionType": "ALL"]]
                if provisioned {
                    let capacity = index["ProvisionedThroughput"] as? [String: Any]
                    copy["ProvisionedThroughput"] = ["ReadCapacityUnits": max(1, (capacity?["ReadCapacityUnits"] as? NSNumber)?.intValue ?? 1),
                                                     "WriteCapacityUnits": max(1, (capacity?["WriteCapacityUnits"] as? NSNumber)?.intValue ?? 1)]
                }
                return copy
            }
        }
        if let indexes = table["LocalSecondaryIndexes"] as? [[String: Any]], !indexes.isEmpty {
            request["LocalSecondaryIndexes"] = indexes.map { ["IndexName": $0["IndexName"] ?? "", "KeySchema": $0["KeySchema"] ?? [], "Projection": $0["Projection"] ?? ["ProjectionType": "ALL"]] }
        }
        if let stream = table["StreamSpecification"] as? [String: Any], stream["StreamEnabled"] as? Bool == true {
            request["StreamSpecification"] = ["StreamEnabled": true, "StreamViewType": stream["StreamViewType"] ?? "NEW_AND_OLD_IMAGES"]
        }
        if let sse = table["SSEDescription"] as? [String: Any], sse["Status"] as? String == "ENABLED", sse["SSEType"] as? String == "KMS" {
            var spec: [String: Any] = ["Enabled": true, "SSEType": "KMS"]
            if let key = sse["KMSMasterKeyArn"] as? String { spec["KMSMasterKeyId"] = key }
            request["SSESpecification"] = spec
        }
        if let tableClass = (table["TableClassSummary"] as? [String: Any])?["TableClass"] as? String {
            request["TableClass"] = tableClass
        }
        if let protection = table["DeletionProtectionEnabled"] as? Bool {
            request["DeletionProtectionEnabled"] = protection
        }
        // aws:-prefixed tags (CloudFormation's) are the service's to set, not ours.
        if let tags = top["Tags"] as? [[String: Any]] {
            let own = tags.filter { !(($0["Key"] as? String) ?? "aws:").hasPrefix("aws:") }
            if !own.isEmpty { request["Tags"] = own }
        }
        createRequest = [UInt8]((try? JSONSerialization.data(withJSONObject: request, options: [.sortedKeys])) ?? Data())
        let ttl = top["TimeToLiveDescription"] as? [String: Any]
        timeToLiveAttribute = ["ENABLED", "ENABLING"].contains(ttl?["TimeToLiveStatus"] as? String ?? "") ? ttl?["AttributeName"] as? String : nil
        let pitr = (top["ContinuousBackupsDescription"] as? [String: Any])?["PointInTimeRecoveryDescription"] as? [String: Any]
        pointInTimeRecovery = pitr?["PointInTimeRecoveryStatus"] as? String == "ENABLED"
    }

    /// Creates the table and waits until it is ACTIVE.
    public func create(with client: DynamoDBClient, name: String) throws -> TableDescription {
        try client.createTable(requestBody: createRequest)
        return try client.waitUntilActive(name)
    }

    /// TTL and PITR, once the data is in (TTL first would start expiring restored items mid-restore).
    public func applySettings(with client: DynamoDBClient, name: String) throws {
        // A resumed restore may find them applied already; DynamoDB refuses to enable TTL twice.
        if let attribute = timeToLiveAttribute, try !Self.timeToLiveEnabled(client.describeTimeToLive(name)) {
            _ = try client.call("UpdateTimeToLive", body: Array(#"{"TableName":\#(Self.quoted(name)),"TimeToLiveSpecification":{"Enabled":true,"AttributeName":\#(Self.quoted(attribute))}}"#.utf8))
        }
        if pointInTimeRecovery {
            _ = try client.call("UpdateContinuousBackups", body: Array(#"{"TableName":\#(Self.quoted(name)),"PointInTimeRecoverySpecification":{"PointInTimeRecoveryEnabled":true}}"#.utf8))
        }
    }

    private static func timeToLiveEnabled(_ body: [UInt8]) -> Bool {
        let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
        let description = object?["TimeToLiveDescription"] as? [String: Any]
        return ["ENABLED", "ENABLING"].contains(description?["TimeToLiveStatus"] as? String ?? "")
    }

    private static func quoted(_ text: String) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: [text]), as: UTF8.self).dropFirst().dropLast().description
    }
}
