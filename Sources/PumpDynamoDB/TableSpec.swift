import Foundation

/// What CreateTable needs for the simple tables pump creates itself (samples, tests).
public struct TableSpec: Sendable {
    public var name: String
    public var partitionKey: (name: String, type: String)
    public var sortKey: (name: String, type: String)?
    /// nil means on-demand (PAY_PER_REQUEST).
    public var provisioned: (read: Int, write: Int)?

    public init(name: String, partitionKey: (name: String, type: String), sortKey: (name: String, type: String)? = nil, provisioned: (read: Int, write: Int)? = nil) {
        self.name = name
        self.partitionKey = partitionKey
        self.sortKey = sortKey
        self.provisioned = provisioned
    }

    /// The CreateTable request body.
    public func requestBody() -> [UInt8] {
        var keys: [[String: String]] = [["AttributeName": partitionKey.name, "KeyType": "HASH"]]
        var definitions: [[String: String]] = [["AttributeName": partitionKey.name, "AttributeType": partitionKey.type]]
        if let sortKey {
            keys.append(["AttributeName": sortKey.name, "KeyType": "RANGE"])
            definitions.append(["AttributeName": sortKey.name, "AttributeType": sortKey.type])
        }
        var body: [String: Any] = ["TableName": name, "KeySchema": keys, "AttributeDefinitions": definitions]
        if let provisioned {
            body["BillingMode"] = "PROVISIONED"
            body["ProvisionedThroughput"] = ["ReadCapacityUnits": provisioned.read, "WriteCapacityUnits": provisioned.write]
        } else {
            body["BillingMode"] = "PAY_PER_REQUEST"
        }
        return [UInt8]((try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data())
    }
}
