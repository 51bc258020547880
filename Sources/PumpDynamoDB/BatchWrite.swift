import PumpJSON

/// The outcome of one BatchWriteItem call.
public struct BatchWriteResult: Sendable {
    /// Items DynamoDB did not write (as raw `Item` JSON), to be sent again.
    public var unprocessed: [[UInt8]]
    public var consumedCapacity: Double
}

extension DynamoDBClient {
    /// At most 25 puts per BatchWriteItem call: DynamoDB's limit.
    public static let maxBatchItems = 25

    /// Writes `items` (each a raw DynamoDB-JSON item object) to `table` with one BatchWriteItem call.
    public func batchWrite(table: String, items: [ArraySlice<UInt8>]) throws(DynamoDBError) -> BatchWriteResult {
        precondition(items.count <= Self.maxBatchItems, "BatchWriteItem takes at most 25 items")
        let body = try call("BatchWriteItem", body: Self.batchWriteBody(table: table, items: items))
        do {
            return try Self.parseBatchWriteResponse(body)
        } catch {
            throw DynamoDBError(operation: "BatchWriteItem", kind: .malformedResponse("\(error)"))
        }
    }

    static func batchWriteBody(table: String, items: [ArraySlice<UInt8>]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(items.reduce(64) { $0 + $1.count + 24 })
        out += Array(#"{"RequestItems":{"#.utf8)
        out += JSONStringCodec.quoted(table)
        out += Array(#":["#.utf8)
        for (index, item) in items.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out += Array(#"{"PutRequest":{"Item":"#.utf8)
            out += item
            out += Array("}}".utf8)
        }
        out += Array(#"]},"ReturnConsumedCapacity":"TOTAL"}"#.utf8)
        return out
    }

    static func parseBatchWriteResponse(_ body: [UInt8]) throws -> BatchWriteResult {
        var unprocessed: [[UInt8]] = []
        var capacity = 0.0
        try body.withUnsafeBufferPointer { buffer in
            let scanner = JSONScanner(buffer)
            let top = try scanner.valueRange(at: 0)
            if let pending = try scanner.member("UnprocessedItems", in: top) {
                try scanner.forEachMember(pending) { _, requests in
                    for request in try scanner.arrayElements(requests) {
                        guard let put = try scanner.member("PutRequest", in: request),
                              let item = try scanner.member("Item", in: put) else {
                            throw JSONScanError.unexpectedByte(buffer[request.lowerBound], offset: request.lowerBound, expected: "a PutRequest with an Item")
                        }
                        unprocessed.append(Array(buffer[item]))
                    }
                    return true
                }
            }
            if let consumed = try scanner.member("ConsumedCapacity", in: top) {
                for entry in try scanner.arrayElements(consumed) {
                    if let units = try scanner.member("CapacityUnits", in: entry) {
                        capacity += Double(String(decoding: UnsafeBufferPointer(rebasing: buffer[units]), as: UTF8.self)) ?? 0
                    }
                }
            }
        }
        return BatchWriteResult(unprocessed: unprocessed, consumedCapacity: capacity)
    }
}
