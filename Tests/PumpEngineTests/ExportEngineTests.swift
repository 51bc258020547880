import Foundation
import PumpArchive
import PumpDynamoDB
import PumpEngine
import PumpTestSupport
import XCTest

/// The export engine against moto: every item exactly once, whatever the segmentation,
/// and whatever kill -9 does in the middle.
final class ExportEngineTests: XCTestCase {
    private var out: String!

    override func setUpWithError() throws {
        out = NSTemporaryDirectory() + "pump-export-\(UUID().uuidString)"
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: out)
    }

    private func makeTable(items: Int, client: DynamoDBClient) throws -> (String, [String: String]) {
        let table = "\(MotoServer.uniqueStage())-main-table"
        try MotoServer.createTable(table, client: client)
        for start in stride(from: 0, to: items, by: 25) {
            _ = try client.batchWrite(table: table, items: (start..<min(items, start + 25)).map { ItemFactory.item($0)[...] })
        }
        return (table, try MotoServer.scanAll(table, client: client))
    }

    func testSegmentsAreDisjointAndCompleteForSeveralSegmentCounts() throws {
        let clients = MotoServer.clients(endpoint: try MotoServer.endpoint())
        let (table, expected) = try makeTable(items: 700, client: clients.makeClient())
        for segments in [1, 3, 8, 13] {
            let result = try BackupEngine(clients: clients).backup(table: table, options: BackupOptions(outputDirectory: "\(out!)/\(segments)", segments: segments, concurrency: 4))
            let backup = try BackupContents.read(result.directory)
            XCTAssertEqual(backup.lines, 700, "\(segments) segments: every item exactly once")
            XCTAssertEqual(backup.items, expected, "\(segments) segments")
            XCTAssertEqual(Set(try Backup(directory: result.directory).manifest.files.map(\.scanSegment)), Set(0..<segments))
            XCTAssertFalse(FileManager.default.fileExists(atPath: result.directory + "/checkpoints"), "a complete backup keeps no checkpoints")
        }
    }

    func testLibzstdWorkerThreadsWriteTheSameItemsInValidSegments() throws {
        let clients = MotoServer.clients(endpoint: try MotoServer.endpoint())
        let (table, expected) = try makeTable(items: 300, client: clients.makeClient())
        var options = BackupOptions(outputDirectory: out, segments: 3, concurrency: 3, segmentSize: 64 * 1024)
        options.compressionThreads = 2
        let result = try BackupEngine(clients: clients).backup(table: table, options: options)
        XCTAssertEqual(try BackupVerifier().verify(try Backup(directory: result.directory)).items, 300)
        let backup = try BackupContents.read(result.directory)
        XCTAssertEqual(backup.lines, 300)
        XCTAssertEqual(backup.items, expected)
    }

    func testResumeAfterRepeatedKill9GivesAnExactBackup() throws {
        let endpoint = try MotoServer.endpoint()
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("pump").path
        guard FileManager.default.isExecutableFile(atPath: binary) else { throw XCTSkip("\(binary) is not built") }
        let (table, expected) = try makeTable(items: 1500, client: MotoServer.clients(endpoint: endpoint).makeClient())
        let environment = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "AWS_ACCESS_KEY_ID": "AKIDRESUMETEST01",
                           "AWS_SECRET_ACCESS_KEY": "s", "AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL": endpoint.absoluteString]
        func start(_ arguments: [String]) throws -> Process {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = arguments + ["--concurrency", "2", "--checkpoint-seconds", "0.05"]
            process.environment = environment
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            return process
        }

        for round in 0..<3 {
            let parent = "\(out!)/\(round)"
            var process = try start(["backup", table, "--out", parent, "--segments", "5", "--segment-size", "64KiB"])
            var kills = 0
            var folder: String?
            while true {
                // Let it run a random while, then SIGKILL (up to three times), else let it finish.
                if kills < 3 {
                    usleep(UInt32(Double.random(in: 0.3...1.5) * 1_000_000))
                    if process.isRunning {
                        kill(process.processIdentifier, SIGKILL)
                        kills += 1
                    }
                }
                process.waitUntilExit()
                if folder == nil {
                    folder = (try? FileManager.default.contentsOfDirectory(atPath: parent))?.first.map { "\(parent)/\($0)" }
                }
                guard let folder else {
                    process = try start(["backup", table, "--out", parent, "--segments", "5", "--segment-size", "64KiB"])
                    continue
                }
                if process.terminationReason == .exit && process.terminationStatus == 0 { break }
                if FileManager.default.fileExists(atPath: folder + "/manifest.json") { break }
                XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/manifest.json"))
                process = try start(["backup", "--resume", folder])
            }
            let backup = try BackupContents.read(try XCTUnwrap(folder))
            XCTAssertEqual(backup.lines, 1500, "round \(round) after \(kills) kills: no duplicate, no gap")
            XCTAssertEqual(backup.items, expected, "round \(round)")
            XCTAssertEqual(try BackupVerifier().verify(Backup(directory: folder!)).items, 1500)
            print("round \(round): \(kills) kill -9, then resumed to an exact backup")
        }
    }
}
