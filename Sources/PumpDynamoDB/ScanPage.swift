import PumpJSON

/// Parameters of one Scan call.
public struct ScanRequest: Sendable {
    public var tableName: String
    public var segment: Int?
    public var totalSegments: Int?
    /// `LastEvaluatedKey` of the previous page, as raw JSON.
    public var exclusiveStartKey: [UInt8]?
    public var consistentRead: Bool
    public var limit: Int?
    /// Only count items (`Select: COUNT`): the pages carry no items.
    public var countOnly = false

    public init(tableName: String, segment: Int? = nil, totalSegments: Int? = nil, exclusiveStartKey: [UInt8]? = nil, consistentRead: Bool = false, limit: Int? = nil) {
        self.tableName = tableName
        self.segment = segment
        self.totalSegments = totalSegments
        self.exclusiveStartKey = exclusiveStartKey
        self.consistentRead = consistentRead
        self.limit = limit
    }

    /// Built by hand so the start key's bytes pass through untouched.
    public func requestBody() -> [UInt8] {
        var out: [UInt8] = Array(#"{"TableName":"#.utf8)
        out += JSONStringCodec.quoted(tableName)
        if let segment, let totalSegments {
            out += Array(#","Segment":\#(segment),"TotalSegments":\#(totalSegments)"#.utf8)
        }
        if consistentRead { out += Array(#","ConsistentRead":true"#.utf8) }
        if let limit { out += Array(#","Limit":\#(limit)"#.utf8) }
        if countOnly { out += Array(#","Select":"COUNT""#.utf8) }
        out += Array(#","ReturnConsumedCapacity":"TOTAL""#.utf8)
        if let exclusiveStartKey {
            out += Array(#","ExclusiveStartKey":"#.utf8)
            out += exclusiveStartKey
        }
        out.append(UInt8(ascii: "}"))
        return out
    }
}

/// One Scan response, kept as bytes: `items` are ranges into `body`, never decoded.
public struct ScanPage: Sendable {
    public var body: [UInt8]
    public var items: [Range<Int>]
    public var count: Int
    public var scannedCount: Int
    public var lastEvaluatedKey: [UInt8]?
    public var consumedCapacity: Double

    /// Splits the response's `Items` array into item ranges; only the small members are decoded.
    public init(body: [UInt8]) throws(DynamoDBError) {
        self.body = body
        var items: [Range<Int>] = []
        var count = 0, scanned = 0
        var lastKey: [UInt8]?
        var capacity = 0.0
        var sawItems = false
        do {
            try body.withUnsafeBufferPointer { buffer in
                let scanner = JSONScanner(buffer)
                // The page is walked once: Items is split while it is being skipped.
                try scanner.forEachMemberStart(0..<buffer.count) { key, start in
                    if scanner.keyEquals(key, Self.itemsKey) {
                        let parsed = try scanner.arrayElements(startingAt: start)
                        items = parsed.elements
                        sawItems = true
                        return parsed.end
                    }
                    let value = start..<(try scanner.valueEnd(from: start))
                    if scanner.keyEquals(key, Self.countKey) {
                        count = Self.integer(buffer, value)
                    } else if scanner.keyEquals(key, Self.scannedCountKey) {
                        scanned = Self.integer(buffer, value)
                    } else if scanner.keyEquals(key, Self.lastKeyKey) {
                        lastKey = Array(buffer[value])
                    } else if scanner.keyEquals(key, Self.consumedKey), let units = try scanner.member("CapacityUnits", in: value) {
                        capacity = Double(String(decoding: UnsafeBufferPointer(rebasing: buffer[units]), as: UTF8.self)) ?? 0
                    }
                    return value.upperBound
                }
            }
        } catch {
            throw DynamoDBError(operation: "Scan", kind: .malformedResponse("\(error)"))
        }
        // A Select=COUNT page has a Count and no Items.
        guard !sawItems || items.count == count else {
            throw DynamoDBError(operation: "Scan", kind: .malformedResponse("Count is \(count) but Items holds \(items.count) items"))
        }
        self.items = items
        self.count = count
        scannedCount = scanned
        lastEvaluatedKey = lastKey
        consumedCapacity = capacity
    }

    private static let itemsKey = Array("Items".utf8)
    private static let countKey = Array("Count".utf8)
    private static let scannedCountKey = Array("ScannedCount".utf8)
    private static let lastKeyKey = Array("LastEvaluatedKey".utf8)
    private static let consumedKey = Array("ConsumedCapacity".utf8)

    private static func integer(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        var value = 0
        for i in range where buffer[i] >= 0x30 && buffer[i] <= 0x39 {
            value = value * 10 + Int(buffer[i] - 0x30)
        }
        return value
    }
}

extension DynamoDBClient {
    public func scan(_ request: ScanRequest) throws(DynamoDBError) -> ScanPage {
        try ScanPage(body: call("Scan", body: request.requestBody()))
    }
}
