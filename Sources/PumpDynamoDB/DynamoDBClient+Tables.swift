import Foundation
import PumpJSON

extension DynamoDBClient {
    /// Every table name in the account and region, following `LastEvaluatedTableName`.
    public func listTables() throws(DynamoDBError) -> [String] {
        var names: [String] = []
        var start: String?
        repeat {
            var request: [String: Any] = ["Limit": 100]
            if let start { request["ExclusiveStartTableName"] = start }
            let body = try call("ListTables", body: Self.encode(request))
            let object = try Self.decodeObject(body, operation: "ListTables")
            names += object["TableNames"] as? [String] ?? []
            start = object["LastEvaluatedTableName"] as? String
        } while start != nil
        return names
    }

    public func describeTable(_ name: String) throws(DynamoDBError) -> TableDescription {
        let body = try call("DescribeTable", body: Self.encode(["TableName": name]))
        return try TableDescription(responseBody: body, member: "Table")
    }

    /// DescribeTable, but nil when the table does not exist.
    public func describeTableIfExists(_ name: String) throws(DynamoDBError) -> TableDescription? {
        do {
            return try describeTable(name)
        } catch where error.isResourceNotFound {
            return nil
        }
    }

    @discardableResult
    public func createTable(_ spec: TableSpec) throws(DynamoDBError) -> TableDescription {
        try TableDescription(responseBody: call("CreateTable", body: spec.requestBody()), member: "TableDescription")
    }

    /// CreateTable with a request body built elsewhere (e.g. from a backup's description).
    @discardableResult
    public func createTable(requestBody: [UInt8]) throws(DynamoDBError) -> TableDescription {
        try TableDescription(responseBody: call("CreateTable", body: requestBody), member: "TableDescription")
    }

    public func deleteTable(_ name: String) throws(DynamoDBError) {
        _ = try call("DeleteTable", body: Self.encode(["TableName": name]))
    }

    /// Polls DescribeTable until the table is ACTIVE.
    @discardableResult
    public func waitUntilActive(_ name: String, timeout: Double = 600, interval: Double = 0.5) throws(DynamoDBError) -> TableDescription {
        let clock = configuration.clock
        let deadline = clock.monotonicSeconds() + timeout
        while true {
            if let table = try describeTableIfExists(name), table.status == "ACTIVE" { return table }
            guard clock.monotonicSeconds() < deadline else {
                throw DynamoDBError(operation: "DescribeTable", kind: .malformedResponse("table \(name) did not become ACTIVE within \(Int(timeout)) s"))
            }
            clock.sleep(seconds: interval)
        }
    }

    /// Polls DescribeTable until the table is gone.
    public func waitUntilDeleted(_ name: String, timeout: Double = 600, interval: Double = 0.5) throws(DynamoDBError) {
        let clock = configuration.clock
        let deadline = clock.monotonicSeconds() + timeout
        while try describeTableIfExists(name) != nil {
            guard clock.monotonicSeconds() < deadline else {
                throw DynamoDBError(operation: "DescribeTable", kind: .malformedResponse("table \(name) still exists after \(Int(timeout)) s"))
            }
            clock.sleep(seconds: interval)
        }
    }

    static func encode(_ object: [String: Any]) -> [UInt8] {
        [UInt8]((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data())
    }

    static func decodeObject(_ body: [UInt8], operation: String) throws(DynamoDBError) -> [String: Any] {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else {
            throw DynamoDBError(operation: operation, kind: .malformedResponse("the response is not a JSON object"))
        }
        return object
    }
}
