import Foundation
import PumpDynamoDB
import PumpTestSupport
import XCTest

/// The client against moto server: real HTTP, real protocol, real error shapes.
final class DynamoDBClientMotoTests: XCTestCase {
    func testTableLifecycleAndListingAcrossPages() throws {
        let client = MotoServer.clients(endpoint: try MotoServer.endpoint()).makeClient()
        let stage = MotoServer.uniqueStage("list")
        let names = (0..<105).map { String(format: "\(stage)-t%03d", $0) }
        for name in names { try client.createTable(TableSpec(name: name, partitionKey: ("pk", "S"))) }
        let listed = try client.listTables().filter { $0.hasPrefix(stage + "-") }
        XCTAssertEqual(listed.sorted(), names, "ListTables must follow LastEvaluatedTableName past the 100-name page")

        let description = try client.waitUntilActive(names[0], timeout: 30, interval: 0.05)
        XCTAssertEqual(description.keySchema, [KeyElement(attributeName: "pk", keyType: "HASH")])
        XCTAssertEqual(description.attributeTypes, ["pk": "S"])
        for name in names { try client.deleteTable(name) }
        try client.waitUntilDeleted(names[0], timeout: 30, interval: 0.05)
        XCTAssertNil(try client.describeTableIfExists(names[0]))
    }

    func testMissingTableIsResourceNotFound() throws {
        let client = MotoServer.clients(endpoint: try MotoServer.endpoint()).makeClient()
        XCTAssertThrowsError(try client.describeTable("no-such-table-\(UUID().uuidString)")) { error in
            let error = error as! DynamoDBError
            XCTAssertTrue(error.isResourceNotFound, "\(error)")
            XCTAssertEqual(error.attempts, 1, "not retried")
        }
    }

    func testScanPagesSplitIntoRawItemsAndBatchWriteRoundTrips() throws {
        let client = MotoServer.clients(endpoint: try MotoServer.endpoint()).makeClient()
        let table = MotoServer.uniqueStage("scan") + "-main-table"
        try MotoServer.createTable(table, client: client)
        let items = (0..<60).map { ItemFactory.item($0) }
        for start in stride(from: 0, to: items.count, by: 25) {
            let result = try client.batchWrite(table: table, items: items[start..<min(start + 25, items.count)].map { $0[...] })
            XCTAssertEqual(result.unprocessed.count, 0)
        }
        var seen: [String] = []
        var request = ScanRequest(tableName: table, segment: 0, totalSegments: 1, limit: 7)
        var pages = 0
        repeat {
            let page = try client.scan(request)
            XCTAssertEqual(page.items.count, page.count)
            seen += try page.items.map { try CanonicalItem.canonical(Array(page.body[$0])) }
            request.exclusiveStartKey = page.lastEvaluatedKey
            pages += 1
        } while request.exclusiveStartKey != nil
        XCTAssertGreaterThanOrEqual(pages, 9, "Limit 7 over 60 items pages at least 9 times")
        XCTAssertEqual(seen.sorted(), try items.map { try CanonicalItem.canonical($0) }.sorted())
    }

    func testBatchWriteBodyIsExactlyTheItemsBytes() throws {
        // UnprocessedItems parsing: moto never returns them, so parse DynamoDB's documented shape.
        let body = Array(#"{"UnprocessedItems":{"t":[{"PutRequest":{"Item":{"pk":{"S":"a"}}}},{"PutRequest":{"Item":{"pk":{"S":"b\""}}}}]},"ConsumedCapacity":[{"TableName":"t","CapacityUnits":23.0}]}"#.utf8)
        let server = try LoopbackHTTPServer { _ in LoopbackHTTPServer.Response(status: 200, body: body) }
        defer { server.stop() }
        let client = MotoServer.clients(endpoint: server.url).makeClient()
        let result = try client.batchWrite(table: "t", items: [Array(#"{"pk":{"S":"a"}}"#.utf8)[...], Array(#"{"pk":{"S":"b\""}}"#.utf8)[...]])
        XCTAssertEqual(result.unprocessed.map { String(decoding: $0, as: UTF8.self) }, [#"{"pk":{"S":"a"}}"#, #"{"pk":{"S":"b\""}}"#])
        XCTAssertEqual(result.consumedCapacity, 23)
        let sent = String(decoding: try XCTUnwrap(server.requests.first).body, as: UTF8.self)
        XCTAssertEqual(sent, #"{"RequestItems":{"t":[{"PutRequest":{"Item":{"pk":{"S":"a"}}}},{"PutRequest":{"Item":{"pk":{"S":"b\""}}}}]},"ReturnConsumedCapacity":"TOTAL"}"#)
    }
}
