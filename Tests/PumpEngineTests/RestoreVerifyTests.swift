import Foundation
import PumpArchive
import PumpDynamoDB
import PumpEngine
import PumpTestSupport
import XCTest

/// What pump checks after writing, and `--boost-write-capacity`, against moto.
final class RestoreVerifyTests: XCTestCase {
    private var home: String!

    override func setUpWithError() throws {
        home = NSTemporaryDirectory() + "pump-verify-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: home)
    }

    private func backedUpTable(_ count: Int, clients: DynamoDBClientFactory) throws -> (table: String, backup: String) {
        let client = clients.makeClient()
        let table = "\(MotoServer.uniqueStage())-main-table"
        try MotoServer.createTable(table, client: client)
        for start in stride(from: 0, to: count, by: 25) {
            _ = try client.batchWrite(table: table, items: (start..<min(count, start + 25)).map { ItemFactory.item($0)[...] })
        }
        let backup = try BackupEngine(clients: clients).backup(table: table, options: BackupOptions(outputDirectory: home + "/backups", concurrency: 2)).directory
        return (table, backup)
    }

    func testFullVerificationFindsMissingAndChangedItems() throws {
        let clients = MotoServer.clients(endpoint: try MotoServer.endpoint())
        let client = clients.makeClient()
        let (table, directory) = try backedUpTable(130, clients: clients)
        let backup = try Backup(directory: directory)
        let verifier = RestoreVerifier(clients: clients, concurrency: 3)
        XCTAssertEqual(try verifier.count(table: table), 130)
        let clean = try verifier.compare(backup, table: table, mapping: ItemMapping())
        XCTAssertEqual([clean.checked, clean.missing, clean.different], [130, 0, 0])

        // One item changed, one deleted: both must be named.
        var changed = try JSONSerialization.jsonObject(with: Data(ItemFactory.item(5))) as! [String: Any]
        changed["n"] = ["N": "999"]
        _ = try client.call("PutItem", body: [UInt8](try JSONSerialization.data(withJSONObject: ["TableName": table, "Item": changed])))
        let deleted = try JSONSerialization.jsonObject(with: Data(ItemFactory.item(77))) as! [String: Any]
        _ = try client.call("DeleteItem", body: [UInt8](try JSONSerialization.data(withJSONObject: ["TableName": table, "Key": ["pk": deleted["pk"]!, "sk": deleted["sk"]!]])))
        XCTAssertEqual(try verifier.count(table: table), 129)
        let check = try verifier.compare(backup, table: table, mapping: ItemMapping())
        XCTAssertEqual([check.checked, check.missing, check.different], [130, 1, 1])
        XCTAssertEqual(check.examples.count, 2)
        XCTAssertTrue(check.examples.contains { $0.hasPrefix("missing") && $0.contains("item-0000077") }, "\(check.examples)")
        XCTAssertTrue(check.examples.contains { $0.hasPrefix("different") && $0.contains("item-0000005") }, "\(check.examples)")
    }

    func testTheCountCheckCatchesItemsATransformMergedIntoOneKey() throws {
        let jq = try XCTUnwrap(["/usr/bin/jq", "/usr/local/bin/jq"].first(where: FileManager.default.isExecutableFile), "jq is not installed (scripts/setup.sh installs it)")
        let clients = MotoServer.clients(endpoint: try MotoServer.endpoint())
        let (table, backup) = try backedUpTable(40, clients: clients)
        let target = table + "-new"
        try MotoServer.createTable(target, client: clients.makeClient())
        let cli = try PumpCLI(home: home)
        let environment = PumpCLI.environment(endpoint: try MotoServer.endpoint())
        // Every item keeps its pk but gets the same sk: 40 items become the 40 distinct pks' worth… all under one sk.
        let merged = try cli.run(["restore", target, backup, "--transform", #"\#(jq) -c '.Item.sk = {S: "same"} | .Item.pk = {S: "same"}'"#], environment: environment)
        XCTAssertEqual(merged.status, 9, merged.stderr)
        XCTAssertTrue(merged.stderr.contains("it holds 1 items, but the backup's items less those rejected come to 40"), merged.stderr)
        XCTAssertTrue(merged.stderr.contains("same key"), merged.stderr)

        try MotoServer.createTable(table + "-other", client: clients.makeClient())
        let exact = try cli.run(["restore", table + "-other", backup, "--verify", "full"], environment: environment)
        XCTAssertEqual(exact.status, 0, exact.stderr)
        XCTAssertTrue(exact.stdout.contains("40 items read back by key, 0 missing, 0 different"), exact.stdout)
        XCTAssertTrue(exact.stdout.contains("counted \(table)-other: 40 items, as expected"), exact.stdout)
    }

    func testBoostRaisesWriteCapacityForTheRestoreAndPutsItBackEvenOnFailure() throws {
        let clients = MotoServer.clients(endpoint: try MotoServer.endpoint())
        let client = clients.makeClient()
        let (table, directory) = try backedUpTable(60, clients: clients)
        let target = table + "-provisioned"
        try client.createTable(TableSpec(name: target, partitionKey: ("pk", "S"), sortKey: ("sk", "S"), provisioned: (read: 5, write: 5)))
        try client.waitUntilActive(target, timeout: 30, interval: 0.05)

        /// Reads the table's write capacity when the restore reports its last numbers, while boosted.
        final class CapacityProbe: ProgressReporter, @unchecked Sendable {
            let client: DynamoDBClient
            let table: String
            var seen: [Int] = []
            init(client: DynamoDBClient, table: String) { self.client = client; self.table = table }
            func report(_ event: ProgressEvent) {
                if event.finished, let write = try? client.describeTable(table).provisionedWrite { seen.append(write) }
            }
        }
        let probe = CapacityProbe(client: client, table: target)
        let engine = RestoreEngine(clients: clients, progress: probe)
        let result = try engine.restore(try Backup(directory: directory), into: target, options: RestoreOptions(boostWriteCapacity: 400))
        XCTAssertEqual(result.written, 60)
        XCTAssertEqual(probe.seen, [400], "boosted while writing")
        XCTAssertEqual(try client.describeTable(target).provisionedWrite, 5, "put back after success")

        var failing = RestoreOptions(force: true, boostWriteCapacity: 400)
        failing.mapping = ItemMapping(transform: "exit 1")
        XCTAssertThrowsError(try engine.restore(try Backup(directory: directory), into: target, options: failing))
        XCTAssertEqual(try client.describeTable(target).provisionedWrite, 5, "put back after a failure")

        XCTAssertThrowsError(try engine.restore(try Backup(directory: directory), into: table, options: RestoreOptions(force: true, boostWriteCapacity: 400))) { error in
            XCTAssertTrue("\(error)".contains("on-demand"), "\(error)")
        }
    }
}
