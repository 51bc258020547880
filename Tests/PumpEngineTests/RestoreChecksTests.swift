import Foundation
import PumpArchive
import PumpDynamoDB
import PumpEngine
import PumpTestSupport
import XCTest

/// Item-level checks of the restore writer, fed from a JSON-lines file (the rejects format).
final class RestoreChecksTests: XCTestCase {
    private var work: String!

    override func setUpWithError() throws {
        work = NSTemporaryDirectory() + "pump-checks-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: work)
    }

    private func linesFile(_ items: [String], table: String) throws -> String {
        let path = work + "/items.jsonl"
        try items.map { #"{"Item":\#($0),"table":"\#(table)"}"# }.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func testInvalidKeysAreRejectedWithoutARoundTripAndDuplicatesKeepTheLastVersion() throws {
        let clients = MotoServer.clients(endpoint: try MotoServer.endpoint())
        let client = clients.makeClient()
        let table = "\(MotoServer.uniqueStage())-main-table"
        try MotoServer.createTable(table, client: client)
        var items = (0..<20).map { String(decoding: ItemFactory.item($0), as: UTF8.self) }
        items.insert(#"{"sk":{"S":"no-pk"}}"#, at: 2)
        items.insert(#"{"pk":{"N":"1"},"sk":{"S":"numeric-pk"}}"#, at: 7)
        items.append(#"{"pk":{"S":"dup"},"sk":{"S":"x"},"v":{"N":"1"}}"#)
        items.append(#"{"pk":{"S":"dup"},"sk":{"S":"x"},"v":{"N":"2"}}"#)   // same key, same batch: the later one wins
        let source = try BackupOpener.open(try linesFile(items, table: table))
        XCTAssertEqual(source.kind, "JSON-lines file")
        XCTAssertEqual(source.tableName, table)

        let rejectsPath = work + "/rejects.jsonl"
        let result = try RestoreEngine(clients: clients).restore(source, into: table, options: RestoreOptions(concurrency: 1, rejectsPath: rejectsPath))
        XCTAssertEqual(result.written, 22)
        XCTAssertEqual(result.rejected, 2)
        let rejected = try String(contentsOfFile: rejectsPath, encoding: .utf8).split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
        XCTAssertEqual(rejected.map { $0["reason"] as? String }, ["item has no key attribute pk", "key attribute pk is N, the table's key type is S"])
        XCTAssertEqual(rejected.map { $0["source"] as? String }, ["items.jsonl:3", "items.jsonl:8"])
        XCTAssertEqual(rejected.map { $0["table"] as? String }, [table, table])

        let stored = try MotoServer.scanAll(table, client: client)
        XCTAssertEqual(stored.count, 21)
        XCTAssertEqual(stored[#"pk={"S":"dup"}|sk={"S":"x"}"#], #"{"pk":{"S":"dup"},"sk":{"S":"x"},"v":{"N":"2"}}"#)
    }
}
