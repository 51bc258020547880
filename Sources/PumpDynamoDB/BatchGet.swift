import PumpJSON

/// The outcome of one BatchGetItem call.
public struct BatchGetResult: Sendable {
    /// Items found, as raw DynamoDB-JSON objects, in no particular order.
    public var items: [[UInt8]]
    /// Keys DynamoDB did not look up this time, to be asked for again.
    public var unprocessedKeys: [[UInt8]]
}

extension DynamoDBClient {
    /// At most 100 keys per BatchGetItem call: DynamoDB's limit.
    public static let maxBatchGetKeys = 100

    /// Reads the items with `keys` (raw key objects such as `{"pk":{"S":"a"}}`), strongly consistent.
    public func batchGet(table: String, keys: [[UInt8]]) throws(DynamoDBError) -> BatchGetResult {
        precondition(keys.count <= Self.maxBatchGetKeys, "BatchGetItem takes at most 100 keys")
        var request: [UInt8] = Array(#"{"RequestItems":{"#.utf8) + JSONStringCodec.quoted(table) + Array(#":{"Keys":["#.utf8)
        for (index, key) in keys.enumerated() {
            if index > 0 { request.append(UInt8(ascii: ",")) }
            request += key
        }
        request += Array(#"],"ConsistentRead":true}}}"#.utf8)
        let body = try call("BatchGetItem", body: request)
        do {
            return try Self.parseBatchGetResponse(body)
        } catch {
            throw DynamoDBError(operation: "BatchGetItem", kind: .malformedResponse("\(error)"))
        }
    }

    static func parseBatchGetResponse(_ body: [UInt8]) throws -> BatchGetResult {
        var items: [[UInt8]] = [], unprocessed: [[UInt8]] = []
        try body.withUnsafeBufferPointer { buffer in
            let scanner = JSONScanner(buffer)
            let top = try scanner.valueRange(at: 0)
            if let responses = try scanner.member("Responses", in: top) {
                try scanner.forEachMember(responses) { _, list in
                    items += try scanner.arrayElements(list).map { Array(buffer[$0]) }
                    return true
                }
            }
            if let pending = try scanner.member("UnprocessedKeys", in: top) {
                try scanner.forEachMember(pending) { _, table in
                    if let keys = try scanner.member("Keys", in: table) {
                        unprocessed += try scanner.arrayElements(keys).map { Array(buffer[$0]) }
                    }
                    return true
                }
            }
        }
        return BatchGetResult(items: items, unprocessedKeys: unprocessed)
    }
}
