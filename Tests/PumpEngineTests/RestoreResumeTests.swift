import Foundation
import PumpArchive
import PumpDynamoDB
import PumpEngine
import PumpTestSupport
import XCTest

/// A restore interrupted by kill -9 or Ctrl-C continues with `--resume` from its journal
/// and ends exact; through the fixture proxy with a write cap, so the kills land mid-restore.
final class RestoreResumeTests: XCTestCase {
    private var home: String!

    override func setUpWithError() throws {
        home = NSTemporaryDirectory() + "pump-resume-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: home)
    }

    func testKill9AndCtrlCMidRestoreThenResumeIsExact() throws {
        let cli = try PumpCLI(home: home)
        let moto = try MotoServer.endpoint()
        let client = MotoServer.clients(endpoint: moto).makeClient()
        let stage = MotoServer.uniqueStage()
        let source = "\(stage)-source"
        try MotoServer.createTable(source, client: client)
        for start in stride(from: 0, to: 1500, by: 25) {
            _ = try client.batchWrite(table: source, items: (start..<(start + 25)).map { ItemFactory.item($0)[...] })
        }
        let expected = try MotoServer.scanAll(source, client: client)
        let backup = try BackupEngine(clients: MotoServer.clients(endpoint: moto))
            .backup(table: source, options: BackupOptions(outputDirectory: home + "/backups", segments: 4, concurrency: 2)).directory
        // Items cost about 2 write units, so 600 units/s make the restore take about 5 s.
        let proxy = try FixtureProxy(upstream: moto, arguments: ["--write-units", "600"])
        let environment = PumpCLI.environment(endpoint: proxy.url)

        for (round, signal) in [SIGKILL, SIGKILL, SIGINT].enumerated() {
            let target = "\(stage)-target-\(round)"
            try MotoServer.createTable(target, client: client)
            let arguments = ["restore", target, backup, "--concurrency", "2", "--no-verify"]
            let started = try cli.start(arguments, environment: environment)
            usleep(UInt32(Double.random(in: 1.0...2.5) * 1_000_000))
            kill(started.process.processIdentifier, signal)
            started.process.waitUntilExit()
            let stderr = try String(contentsOfFile: started.stderr, encoding: .utf8)
            if signal == SIGINT {
                XCTAssertEqual(started.process.terminationStatus, 130, stderr)
                XCTAssertTrue(stderr.contains("--resume"), stderr)
            }
            let journal = "\(home!)/\(target).journal.jsonl"
            XCTAssertTrue(FileManager.default.fileExists(atPath: journal), "round \(round): no journal after the stop; \(stderr)")
            let partial = try MotoServer.scanAll(target, client: client).count
            XCTAssertLessThan(partial, 1500, "round \(round): the restore finished before it was stopped")

            // Without --resume pump refuses to start over on top of the interrupted run.
            let again = try cli.run(arguments, environment: environment)
            XCTAssertEqual(again.status, 7, again.stderr)
            XCTAssertTrue(again.stderr.contains("--resume"), again.stderr)

            let resumed = try cli.run(arguments + ["--resume", "--json"], environment: environment)
            XCTAssertEqual(resumed.status, 0, resumed.stderr)
            let summary = try XCTUnwrap(resumed.stdout.split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }.first { $0["event"] as? String == "summary" })
            let skipped = summary["skipped"] as? Int ?? -1
            let written = summary["written"] as? Int ?? -1
            print("round \(round): stopped with \(partial) items in the table; resume skipped \(skipped) and wrote \(written)")
            XCTAssertEqual(skipped + written, 1500)
            XCTAssertLessThanOrEqual(skipped, partial, "the journal never claims more than the table holds")
            XCTAssertEqual(try MotoServer.scanAll(target, client: client), expected, "round \(round)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: journal), "a finished restore removes its journal")
        }
    }

    func testResumeRefusesAnotherTablesJournalOrOtherOptions() throws {
        let mapping = ItemMapping(renames: [AttributeRename(old: "id", new: "pk")])
        let path = home + "/t.journal.jsonl"
        let journal = try RestoreJournal.start(path: path, table: "pr-1-table", mapping: mapping)
        try journal.begin(emptyAtStart: true)
        journal.close()
        XCTAssertThrowsError(try RestoreJournal.start(path: path, table: "pr-1-table", mapping: mapping)) { error in
            XCTAssertEqual(error as? PumpError, .journalExists(path: path, table: "pr-1-table"))
        }
        XCTAssertThrowsError(try RestoreJournal.resume(path: path, table: "pr-2-table", mapping: mapping, force: false)) { error in
            XCTAssertTrue("\(error)".contains("a restore into pr-1-table, not pr-2-table"), "\(error)")
        }
        XCTAssertThrowsError(try RestoreJournal.resume(path: path, table: "pr-1-table", mapping: ItemMapping(), force: false)) { error in
            XCTAssertTrue("\(error)".contains("ran with --rename id=pk"), "\(error)")
        }
        XCTAssertNoThrow(try RestoreJournal.resume(path: path, table: "pr-1-table", mapping: ItemMapping(), force: true))
        XCTAssertThrowsError(try RestoreJournal.resume(path: home + "/none.jsonl", table: "pr-1-table", mapping: mapping, force: false)) { error in
            XCTAssertEqual(error as? PumpError, .journalMissing(path: home + "/none.jsonl", table: "pr-1-table"))
        }
    }
}
