import Foundation
import PumpArchive
import PumpDynamoDB
import PumpEngine
import PumpTestSupport
import XCTest

/// Backup → delete → recreate → restore against moto server, compared item by item.
final class RoundTripTests: XCTestCase {
    private var out: String!

    override func setUpWithError() throws {
        out = NSTemporaryDirectory() + "pump-roundtrip-\(UUID().uuidString)"
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: out)
    }

    private func fill(_ table: String, count: Int, client: DynamoDBClient) throws -> [String: String] {
        var expected: [String: String] = [:]
        var batch: [[UInt8]] = []
        for index in 0..<count {
            let item = ItemFactory.item(index)
            expected[try CanonicalItem.key(item, names: ["pk", "sk"])] = try CanonicalItem.canonical(item)
            batch.append(item)
            if batch.count == 25 || index == count - 1 {
                XCTAssertTrue(try client.batchWrite(table: table, items: batch.map { $0[...] }).unprocessed.isEmpty)
                batch.removeAll()
            }
        }
        return expected
    }

    func testEveryAttributeTypeSurvivesBackupDeleteRecreateRestore() throws {
        let clients = MotoServer.clients(endpoint: try MotoServer.endpoint())
        let client = clients.makeClient()
        let stage = MotoServer.uniqueStage()
        let table = "\(stage)-main-table"
        try MotoServer.createTable(table, client: client)
        let expected = try fill(table, count: 5000, client: client)
        let before = try MotoServer.scanAll(table, client: client)
        XCTAssertEqual(before.count, 5000)
        XCTAssertEqual(before, expected, "moto stores what we wrote")

        let backup = try BackupEngine(clients: clients).backup(table: table, options: BackupOptions(outputDirectory: out, segments: 6, concurrency: 4, stage: stage))
        XCTAssertEqual(backup.items, 5000)

        try MotoServer.recreateTable(table, client: client)

        let opened = try Backup(directory: backup.directory)
        XCTAssertEqual(opened.manifest.files.count, 6)
        XCTAssertEqual(Set(opened.manifest.files.map(\.scanSegment)), Set(0..<6))
        let result = try RestoreEngine(clients: clients).restore(opened, into: table, options: RestoreOptions(concurrency: 4, rejectsPath: out + "/rejects.jsonl"))
        XCTAssertEqual(result.written, 5000)
        XCTAssertEqual(result.rejected, 0)
        XCTAssertEqual(try MotoServer.scanAll(table, client: client), before)
    }

    func testSegmentFilesRollOverAtTheSizeLimitAndStillRestoreExactly() throws {
        let clients = MotoServer.clients(endpoint: try MotoServer.endpoint())
        let client = clients.makeClient()
        let table = "\(MotoServer.uniqueStage())-main-table"
        try MotoServer.createTable(table, client: client)
        _ = try fill(table, count: 2500, client: client)
        let before = try MotoServer.scanAll(table, client: client)
        // A 1-byte limit closes a file after every Scan page (files close only between pages).
        let result = try BackupEngine(clients: clients).backup(table: table, options: BackupOptions(outputDirectory: out, segments: 1, concurrency: 1, segmentSize: 1))
        let backup = try Backup(directory: result.directory)
        var pages = 0
        var request = ScanRequest(tableName: table, segment: 0, totalSegments: 1)
        repeat {
            request.exclusiveStartKey = try client.scan(request).lastEvaluatedKey
            pages += 1
        } while request.exclusiveStartKey != nil
        XCTAssertGreaterThanOrEqual(pages, 2, "the table must span several Scan pages for this test to mean anything")
        XCTAssertEqual(backup.manifest.files.count, pages, "one file per page when every page crosses the limit")
        XCTAssertEqual(backup.manifest.files.map(\.path), (0..<pages).map { String(format: "data/00000-%04d.jsonl.zst", $0) })
        XCTAssertTrue(backup.manifest.files.allSatisfy { $0.items > 0 })
        XCTAssertEqual(backup.manifest.segmentSizeLimit, 1)

        try MotoServer.recreateTable(table, client: client)
        _ = try RestoreEngine(clients: clients).restore(backup, into: table, options: RestoreOptions(concurrency: 2))
        XCTAssertEqual(try MotoServer.scanAll(table, client: client), before)
    }

    func testTableDocumentKeepsDescribeTableAndTheSettingsItLacks() throws {
        let clients = MotoServer.clients(endpoint: try MotoServer.endpoint())
        let client = clients.makeClient()
        let table = "\(MotoServer.uniqueStage())-main-table"
        try MotoServer.createTable(table, client: client)
        let arn = try XCTUnwrap(client.describeTable(table).arn)
        _ = try client.call("TagResource", body: Array(#"{"ResourceArn":"\#(arn)","Tags":[{"Key":"aws:cloudformation:stack-name","Value":"pr-5-db"},{"Key":"team","Value":"core"}]}"#.utf8))
        _ = try client.call("UpdateTimeToLive", body: Array(#"{"TableName":"\#(table)","TimeToLiveSpecification":{"Enabled":true,"AttributeName":"expires"}}"#.utf8))
        let result = try BackupEngine(clients: clients).backup(table: table, options: BackupOptions(outputDirectory: out, concurrency: 1))
        let backup = try Backup(directory: result.directory)
        let document = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(XCTUnwrap(backup.tableDocument))) as? [String: Any])
        XCTAssertEqual((document["Table"] as? [String: Any])?["TableName"] as? String, table)
        XCTAssertEqual((document["TimeToLiveDescription"] as? [String: Any])?["AttributeName"] as? String, "expires")
        XCTAssertNotNil((document["ContinuousBackupsDescription"] as? [String: Any])?["PointInTimeRecoveryDescription"])
        XCTAssertEqual((document["Tags"] as? [[String: String]])?.map { $0["Key"]! }.sorted(), ["aws:cloudformation:stack-name", "team"])
        XCTAssertNil(document["Unavailable"])
        XCTAssertEqual(backup.manifest.table.account, "123456789012")
        XCTAssertEqual(backup.manifest.table.arn, arn)
    }

    func testStageBackupTakesOnlyItsTablesAndRestoresIntoAnotherStage() throws {
        let clients = MotoServer.clients(endpoint: try MotoServer.endpoint())
        let client = clients.makeClient()
        let stage = MotoServer.uniqueStage()
        let mine = ["\(stage)-main-table", "\(stage)-audit"]
        let neighbour = "\(stage)0-main-table"   // pr-123456 vs pr-1234560: must not be selected
        for name in mine + [neighbour] { try MotoServer.createTable(name, client: client) }
        _ = try fill(mine[0], count: 120, client: client)
        _ = try fill(mine[1], count: 30, client: client)
        _ = try fill(neighbour, count: 10, client: client)

        let selected = try TargetResolver.tablesToBackUp(target: stage, existing: client.listTables())
        XCTAssertEqual(selected, mine.sorted())
        let engine = BackupEngine(clients: clients)
        let results = try selected.map { try engine.backup(table: $0, options: BackupOptions(outputDirectory: out, concurrency: 2, stage: stage)) }
        XCTAssertEqual(results.map(\.items), [30, 120])

        let otherStage = MotoServer.uniqueStage()
        for name in mine { try MotoServer.createTable(name.replacingOccurrences(of: stage, with: otherStage), client: client) }
        for result in results {
            let backup = try Backup(directory: result.directory)
            let target = try TargetResolver.restoreTable(target: otherStage, sourceTable: backup.manifest.table.name, sourceStage: backup.manifest.table.stage) {
                try client.describeTableIfExists($0) != nil
            }
            XCTAssertEqual(target, result.table.replacingOccurrences(of: stage, with: otherStage))
            _ = try RestoreEngine(clients: clients).restore(backup, into: target, options: RestoreOptions(concurrency: 2))
            XCTAssertEqual(try MotoServer.scanAll(target, client: client), try MotoServer.scanAll(result.table, client: client))
        }
    }

    func testRestoreRefusesANonEmptyTableAndOtherKeys() throws {
        let clients = MotoServer.clients(endpoint: try MotoServer.endpoint())
        let client = clients.makeClient()
        let stage = MotoServer.uniqueStage()
        let table = "\(stage)-main-table"
        try MotoServer.createTable(table, client: client)
        _ = try fill(table, count: 3, client: client)
        let backup = try Backup(directory: BackupEngine(clients: clients).backup(table: table, options: BackupOptions(outputDirectory: out, concurrency: 1)).directory)

        XCTAssertThrowsError(try RestoreEngine(clients: clients).restore(backup, into: table, options: RestoreOptions())) { error in
            XCTAssertEqual(error as? PumpError, .targetNotEmpty(table: table))
        }
        let forced = try RestoreEngine(clients: clients).restore(backup, into: table, options: RestoreOptions(force: true))
        XCTAssertEqual(forced.written, 3)

        let otherKeys = "\(stage)-other"
        try MotoServer.createTable(otherKeys, client: client, partitionKey: ("id", "S"), sortKey: nil)
        XCTAssertThrowsError(try RestoreEngine(clients: clients).restore(backup, into: otherKeys, options: RestoreOptions())) { error in
            guard case PumpError.keySchemaMismatch(_, let differences) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(differences, ["partition key: backup pk (S), table id (S)", "backup has sort key sk (S), table has none"])
        }
    }

    func testItemsTheTableRejectsGoToTheRejectsFileAndTheRestLands() throws {
        let clients = MotoServer.clients(endpoint: try MotoServer.endpoint())
        let client = clients.makeClient()
        let table = "\(MotoServer.uniqueStage())-main-table"
        try MotoServer.createTable(table, client: client)
        // A hand-made backup: 48 good items plus two DynamoDB refuses (empty key string, item over 400 KB),
        // placed in the same 25-item batch as good ones.
        var items = (0..<48).map { ItemFactory.item($0) }
        let emptyKey = Array(#"{"pk":{"S":""},"sk":{"S":"x"}}"#.utf8)
        let oversized = Array(#"{"pk":{"S":"big"},"sk":{"S":"x"},"blob":{"S":"\#(String(repeating: "z", count: 420_000))"}}"#.utf8)
        items.insert(emptyKey, at: 3)
        items.insert(oversized, at: 30)
        let writer = try BackupWriter(parent: out, tableName: table, date: Date(), tableDocument: client.describeTable(table).rawJSON)
        let segment = try writer.makeSegment(scanSegment: 0)
        var body: [UInt8] = []
        var ranges: [Range<Int>] = []
        for item in items {
            ranges.append(body.count..<(body.count + item.count))
            body += item
        }
        try segment.append(items: ranges, of: body)
        writer.record(try segment.finish())
        try writer.finish(pumpVersion: "test", table: Manifest.Table(name: table, arn: nil, region: nil, stage: nil,
                                                                      keySchema: [Manifest.Key(attributeName: "pk", keyType: "HASH", attributeType: "S"),
                                                                                  Manifest.Key(attributeName: "sk", keyType: "RANGE", attributeType: "S")],
                                                                      itemCountEstimate: nil),
                          startedAt: Date(), finishedAt: Date(), consistentRead: false, totalSegments: 1)

        let rejectsPath = out + "/main.rejects.jsonl"
        let result = try RestoreEngine(clients: clients).restore(try Backup(directory: writer.directory), into: table,
                                                                 options: RestoreOptions(concurrency: 1, rejectsPath: rejectsPath))
        XCTAssertEqual(result.itemsInBackup, 50)
        XCTAssertEqual(result.written, 48)
        XCTAssertEqual(result.rejected, 2)
        XCTAssertEqual(result.rejectsFile, rejectsPath)
        XCTAssertEqual(try MotoServer.scanAll(table, client: client).count, 48)

        let lines = try String(contentsOfFile: rejectsPath, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, 2)
        let rejected = try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        XCTAssertEqual(rejected.map { (($0["Item"] as! [String: Any])["pk"] as! [String: String])["S"] }, ["", "big"])
        for entry in rejected {
            XCTAssertTrue((entry["reason"] as! String).hasPrefix("ValidationException: "), "\(entry["reason"]!)")
            XCTAssertTrue((entry["source"] as! String).hasPrefix("data/00000-0000.jsonl.zst:"), "\(entry["source"]!)")
        }
        XCTAssertEqual(rejected[0]["source"] as? String, "data/00000-0000.jsonl.zst:4")
    }
}
