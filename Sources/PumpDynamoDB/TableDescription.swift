import Foundation

/// One element of a key schema.
public struct KeyElement: Sendable, Equatable, Codable {
    public var attributeName: String
    /// `HASH` or `RANGE`.
    public var keyType: String

    public init(attributeName: String, keyType: String) {
        self.attributeName = attributeName
        self.keyType = keyType
    }
}

/// The parts of DescribeTable's `Table` that pump reasons about, plus the raw JSON so
/// nothing else the service says is lost when a backup records it.
public struct TableDescription: Sendable {
    public var name: String
    public var status: String
    public var arn: String?
    public var keySchema: [KeyElement]
    /// Attribute name → scalar type (`S`, `N`, `B`) for every attribute in a key schema.
    public var attributeTypes: [String: String]
    public var itemCount: Int?
    public var sizeBytes: Int?
    public var billingMode: String?
    /// Provisioned read and write capacity units (0 or nil for on-demand tables).
    public var provisionedRead: Int?
    public var provisionedWrite: Int?
    /// The `Table` object exactly as DynamoDB returned it.
    public var rawJSON: [UInt8]

    public var partitionKey: String? { keySchema.first { $0.keyType == "HASH" }?.attributeName }
    public var sortKey: String? { keySchema.first { $0.keyType == "RANGE" }?.attributeName }

    /// Parses the `Table` member of a DescribeTable / CreateTable / DeleteTable response.
    public init(responseBody: [UInt8], member: String) throws(DynamoDBError) {
        let object = (try? JSONSerialization.jsonObject(with: Data(responseBody))) as? [String: Any]
        guard let table = object?[member] as? [String: Any],
              let raw = try? JSONSerialization.data(withJSONObject: table, options: [.sortedKeys]) else {
            throw DynamoDBError(operation: "DescribeTable", kind: .malformedResponse("no \(member) object in the response"))
        }
        try self.init(table: table, rawJSON: [UInt8](raw))
    }

    /// Builds a description from a `Table` object (as stored in a backup).
    public init(table: [String: Any], rawJSON: [UInt8]) throws(DynamoDBError) {
        guard let name = table["TableName"] as? String else {
            throw DynamoDBError(operation: "DescribeTable", kind: .malformedResponse("table description has no TableName"))
        }
        self.name = name
        status = table["TableStatus"] as? String ?? "UNKNOWN"
        arn = table["TableArn"] as? String
        keySchema = (table["KeySchema"] as? [[String: Any]] ?? []).compactMap { element in
            guard let name = element["AttributeName"] as? String, let type = element["KeyType"] as? String else { return nil }
            return KeyElement(attributeName: name, keyType: type)
        }
        var types: [String: String] = [:]
        for definition in table["AttributeDefinitions"] as? [[String: Any]] ?? [] {
            if let name = definition["AttributeName"] as? String, let type = definition["AttributeType"] as? String {
                types[name] = type
            }
        }
        attributeTypes = types
        itemCount = (table["ItemCount"] as? NSNumber)?.intValue
        sizeBytes = (table["TableSizeBytes"] as? NSNumber)?.intValue
        billingMode = (table["BillingModeSummary"] as? [String: Any])?["BillingMode"] as? String
            ?? (table["ProvisionedThroughput"] != nil ? "PROVISIONED" : nil)
        let throughput = table["ProvisionedThroughput"] as? [String: Any]
        provisionedRead = (throughput?["ReadCapacityUnits"] as? NSNumber)?.intValue
        provisionedWrite = (throughput?["WriteCapacityUnits"] as? NSNumber)?.intValue
        self.rawJSON = rawJSON
    }
}
