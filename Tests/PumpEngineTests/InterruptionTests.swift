import Foundation
import PumpArchive
import PumpDynamoDB
import PumpEngine
import PumpTestSupport
import XCTest

/// A backup killed at any moment must never pass for a complete one.
final class InterruptionTests: XCTestCase {
    func testBackupKilledWithSIGKILLIsIncompleteOrWhole() throws {
        let endpoint = try MotoServer.endpoint()
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("pump").path
        guard FileManager.default.isExecutableFile(atPath: binary) else { throw XCTSkip("\(binary) is not built") }
        let client = MotoServer.clients(endpoint: endpoint).makeClient()
        let table = "\(MotoServer.uniqueStage())-main-table"
        try MotoServer.createTable(table, client: client)
        for start in stride(from: 0, to: 1500, by: 25) {
            _ = try client.batchWrite(table: table, items: (start..<(start + 25)).map { ItemFactory.item($0)[...] })
        }
        let out = NSTemporaryDirectory() + "pump-kill-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: out) }

        var outcomes: [String] = []
        for round in 0..<6 {
            let parent = "\(out)/\(round)"
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = ["backup", table, "--out", parent, "--segments", "4", "--concurrency", "4", "--segment-size", "64KiB"]
            process.environment = ["PATH": "/usr/bin:/bin", "HOME": out, "AWS_ACCESS_KEY_ID": "AKIDKILLTEST0001", "AWS_SECRET_ACCESS_KEY": "s",
                                   "AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL": endpoint.absoluteString]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Spread the kills over the run: early (folder creation), middle (segments), late (manifest).
            usleep(UInt32(Double.random(in: 0.02...2.5) * 1_000_000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()

            let folders = (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []
            XCTAssertLessThanOrEqual(folders.count, 1)
            guard let folder = folders.first.map({ "\(parent)/\($0)" }) else {
                outcomes.append("killed before the folder existed")
                continue
            }
            do {
                let backup = try Backup(directory: folder)
                // A manifest exists: then everything it lists must be there and whole.
                XCTAssertEqual(try BackupVerifier().verify(backup).items, 1500, "round \(round): a manifest was written for a partial backup")
                outcomes.append("complete")
            } catch ArchiveError.incomplete {
                XCTAssertEqual(BackupCatalog(directory: parent).entries().map(\.state), [.incomplete])
                outcomes.append("incomplete")
            }
        }
        print("kill -9 outcomes: \(outcomes)")
    }
}
