import Foundation
import PumpArchive
import PumpAWS
import PumpDynamoDB
import PumpEngine
import PumpHTTP
import PumpSystem
import PumpTestSupport
import XCTest

/// Backups and restores through the fixture proxy in front of moto: DynamoDB's throttling and
/// UnprocessedItems, plus 500s, connection resets and slow answers. The data really lands
/// in moto, and every test ends by comparing it item by item.
final class FaultTests: XCTestCase {
    private var work: String!

    override func setUpWithError() throws {
        work = NSTemporaryDirectory() + "pump-faults-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: work)
    }

    /// Clients for `endpoint` whose backoff waits a tenth of the SDK's, so storms pass quickly.
    private func clients(_ endpoint: URL) -> DynamoDBClientFactory {
        DynamoDBClientFactory(
            configuration: DynamoDBClientConfiguration(endpoint: endpoint, region: "us-east-1",
                                                       credentials: StaticCredentialProvider(MotoServer.credentials),
                                                       random: SequenceRandom([0.1, 0.05, 0.02])),
            transports: CurlTransportFactory(options: HTTPTransportOptions(lowSpeedTime: 10)))
    }

    private func filledTable(_ count: Int, moto: URL) throws -> (String, [String: String]) {
        let client = MotoServer.clients(endpoint: moto).makeClient()
        let table = "\(MotoServer.uniqueStage())-main-table"
        try MotoServer.createTable(table, client: client)
        for start in stride(from: 0, to: count, by: 25) {
            _ = try client.batchWrite(table: table, items: (start..<min(count, start + 25)).map { ItemFactory.item($0)[...] })
        }
        return (table, try MotoServer.scanAll(table, client: client))
    }

    func testBackupThroughThrottlingResetsAnd500sIsExact() throws {
        let moto = try MotoServer.endpoint()
        let (table, expected) = try filledTable(800, moto: moto)
        // moto reports one capacity unit per Scan page, so 2 units/s throttles 8 segments at once.
        let proxy = try FixtureProxy(upstream: moto, arguments: ["--read-units", "2", "--error-rate", "0.2", "--reset-rate", "0.1",
                                                                  "--fault-operations", "Scan", "--seed", "7"])
        let result = try BackupEngine(clients: clients(proxy.url)).backup(table: table, options: BackupOptions(outputDirectory: work, segments: 8, concurrency: 4))
        let backup = try BackupContents.read(result.directory)
        XCTAssertEqual(backup.lines, 800)
        XCTAssertEqual(backup.items, expected)
        let stats = try proxy.stats()
        XCTAssertGreaterThan(stats["throttled"] as? Int ?? 0, 0, "the test must actually have been throttled: \(stats)")
        XCTAssertGreaterThan((stats["errors"] as? Int ?? 0) + (stats["resets"] as? Int ?? 0), 0, "and must have met faults: \(stats)")
    }

    func testAScanThatKeepsFailingEndsResumableAndNeverClaimsCompleteness() throws {
        let moto = try MotoServer.endpoint()
        let (table, expected) = try filledTable(300, moto: moto)
        let proxy = try FixtureProxy(upstream: moto, arguments: ["--error-rate", "1", "--fault-operations", "Scan"])
        let engine = BackupEngine(clients: clients(proxy.url))
        var directory: String?
        XCTAssertThrowsError(try engine.backup(table: table, options: BackupOptions(outputDirectory: work, segments: 3, concurrency: 3))) { error in
            guard case PumpError.backupStopped(let folder, let reason) = error else { return XCTFail("\(error)") }
            directory = folder
            XCTAssertTrue(reason.contains("InternalServerError"), reason)
            XCTAssertTrue("\(error)".contains("pump backup --resume \(folder)"), "\(error)")
        }
        let folder = try XCTUnwrap(directory)
        XCTAssertThrowsError(try Backup(directory: folder)) { XCTAssertEqual($0 as? ArchiveError, .incomplete(path: folder)) }

        try proxy.configure(["error_rate": 0])
        let resumed = try engine.resume(directory: folder, options: BackupOptions(concurrency: 3))
        XCTAssertEqual(resumed.items, 300)
        XCTAssertEqual(try BackupContents.read(folder).items, expected)
    }

    func testRestoreThroughAThrottlingStormAndFaultsLandsEveryItemOnce() throws {
        let moto = try MotoServer.endpoint()
        let (source, expected) = try filledTable(200, moto: moto)
        let backup = try Backup(directory: BackupEngine(clients: MotoServer.clients(endpoint: moto)).backup(table: source, options: BackupOptions(outputDirectory: work, concurrency: 4)).directory)
        let target = "\(MotoServer.uniqueStage())-main-table"
        try MotoServer.createTable(target, client: MotoServer.clients(endpoint: moto).makeClient())
        let proxy = try FixtureProxy(upstream: moto, arguments: [
            "--write-units", "400", "--unprocessed-rate", "0.3", "--error-rate", "0.1", "--reset-rate", "0.05",
            "--slow-rate", "0.02", "--slow-seconds", "0.5", "--fault-operations", "BatchWriteItem", "--seed", "11"])

        let result = try RestoreEngine(clients: clients(proxy.url)).restore(backup, into: target, options: RestoreOptions(concurrency: 4, rejectsPath: work + "/r.jsonl"))
        XCTAssertEqual(result.written, 200)
        XCTAssertEqual(result.rejected, 0)
        XCTAssertGreaterThan(result.retriedItems, 0)
        XCTAssertEqual(try MotoServer.scanAll(target, client: MotoServer.clients(endpoint: moto).makeClient()), expected)
        let stats = try proxy.stats()
        XCTAssertGreaterThan(stats["unprocessed_items"] as? Int ?? 0, 0, "\(stats)")
        // Which faults a seeded run meets depends on thread interleaving; it must meet some.
        XCTAssertGreaterThan((stats["errors"] as? Int ?? 0) + (stats["resets"] as? Int ?? 0) + (stats["slow"] as? Int ?? 0), 0, "\(stats)")
    }

    func testAStalledTableSendsEveryUnwrittenItemToRejectsAndTheyReplayExactly() throws {
        let moto = try MotoServer.endpoint()
        let (source, expected) = try filledTable(120, moto: moto)
        let backup = try Backup(directory: BackupEngine(clients: MotoServer.clients(endpoint: moto)).backup(table: source, options: BackupOptions(outputDirectory: work, concurrency: 2)).directory)
        let target = "\(MotoServer.uniqueStage())-main-table"
        try MotoServer.createTable(target, client: MotoServer.clients(endpoint: moto).makeClient())
        let proxy = try FixtureProxy(upstream: moto, arguments: ["--error-rate", "1", "--fault-operations", "BatchWriteItem"])
        let rejects = work + "/main.rejects.jsonl"

        XCTAssertThrowsError(try RestoreEngine(clients: clients(proxy.url)).restore(backup, into: target, options: RestoreOptions(concurrency: 2, rejectsPath: rejects, stallTimeout: 1))) { error in
            guard case PumpError.restoreStopped(_, let reason, let written, let unwritten, let file) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("--stall-timeout"), reason)
            XCTAssertEqual(written, 0)
            XCTAssertEqual(unwritten, 120)
            XCTAssertEqual(file, rejects)
            XCTAssertTrue("\(error)".contains("pump restore \(target) \(rejects) --force"), "\(error)")
        }
        try proxy.configure(["error_rate": 0])
        let replay = try RestoreEngine(clients: clients(proxy.url)).restore(try BackupOpener.open(rejects), into: target, options: RestoreOptions(force: true, rejectsPath: work + "/again.jsonl"))
        XCTAssertEqual(replay.written, 120)
        XCTAssertEqual(try MotoServer.scanAll(target, client: MotoServer.clients(endpoint: moto).makeClient()), expected)
    }
}
