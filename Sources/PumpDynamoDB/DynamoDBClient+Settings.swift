import Foundation

extension DynamoDBClient {
    /// DescribeTimeToLive's raw response body.
    public func describeTimeToLive(_ table: String) throws(DynamoDBError) -> [UInt8] {
        try call("DescribeTimeToLive", body: Self.encode(["TableName": table]))
    }

    /// DescribeContinuousBackups' raw response body (point-in-time recovery status).
    public func describeContinuousBackups(_ table: String) throws(DynamoDBError) -> [UInt8] {
        try call("DescribeContinuousBackups", body: Self.encode(["TableName": table]))
    }

    /// Every tag of the resource, following NextToken.
    public func listTags(resourceARN: String) throws(DynamoDBError) -> [[String: String]] {
        var tags: [[String: String]] = []
        var token: String?
        repeat {
            var request: [String: Any] = ["ResourceArn": resourceARN]
            if let token { request["NextToken"] = token }
            let object = try Self.decodeObject(call("ListTagsOfResource", body: Self.encode(request)), operation: "ListTagsOfResource")
            tags += (object["Tags"] as? [[String: Any]] ?? []).compactMap { tag in
                guard let key = tag["Key"] as? String, let value = tag["Value"] as? String else { return nil }
                return ["Key": key, "Value": value]
            }
            token = object["NextToken"] as? String
        } while token != nil
        return tags
    }
}
