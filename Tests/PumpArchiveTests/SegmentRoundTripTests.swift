import Foundation
import PumpArchive
import XCTest

final class SegmentRoundTripTests: XCTestCase {
    private var parent: String!

    override func setUpWithError() throws {
        parent = NSTemporaryDirectory() + "pump-archive-\(UUID().uuidString)"
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: parent)
    }

    /// Writes a backup whose items are `items`, spread over two segments, and returns its folder.
    private func writeBackup(_ items: [String], date: Date = Date(timeIntervalSince1970: 1_764_000_000)) throws -> String {
        let writer = try BackupWriter(parent: parent, tableName: "pr-5-main-table", date: date, tableDocument: Array(#"{"Table":{"TableName":"pr-5-main-table"}}"#.utf8))
        for (segment, slice) in [items.prefix(items.count / 2), items.dropFirst(items.count / 2)].enumerated() {
            let file = try writer.makeSegment(scanSegment: segment)
            // A Scan-like body: items separated by commas, the writer gets their ranges.
            var body: [UInt8] = []
            var ranges: [Range<Int>] = []
            for item in slice {
                let start = body.count
                body += Array(item.utf8)
                ranges.append(start..<body.count)
                body.append(UInt8(ascii: ","))
            }
            try file.append(items: ranges, of: body)
            writer.record(try file.finish())
        }
        try writer.finish(pumpVersion: "test", table: Manifest.Table(name: "pr-5-main-table", arn: nil, region: "us-east-1", stage: "pr-5",
                                                                      keySchema: [Manifest.Key(attributeName: "pk", keyType: "HASH", attributeType: "S")], itemCountEstimate: nil),
                          startedAt: date, finishedAt: date, consistentRead: false, totalSegments: 2)
        return writer.directory
    }

    private func readAll(_ directory: String) throws -> [String] {
        let backup = try Backup(directory: directory)
        var items: [String] = []
        for segment in backup.segments {
            try segment.verifyChecksum()
            try segment.forEachItem { item, _ in items.append(String(decoding: item, as: UTF8.self)) }
        }
        return items
    }

    func testItemsComeBackByteForByteWithManifestTotals() throws {
        let items = (0..<5000).map { #"{"pk":{"S":"k\#($0) é ✓ \"q\""},"n":{"N":"\#($0)"},"b":{"B":"AAE="}}"# }
        let directory = try writeBackup(items)
        XCTAssertEqual(try readAll(directory), items)
        let backup = try Backup(directory: directory)
        XCTAssertEqual(backup.manifest.totals.items, 5000)
        XCTAssertEqual(backup.manifest.files.count, 2)
        XCTAssertEqual(backup.manifest.table.stage, "pr-5")
        XCTAssertTrue(directory.hasSuffix("/pr-5-main-table-20251124-160000"), directory)
    }

    func testSegmentsAreExportToS3LinesReadableByTheZstdTool() throws {
        let directory = try writeBackup([#"{"pk":{"S":"a"}}"#, #"{"pk":{"S":"b"}}"#])
        let backup = try Backup(directory: directory)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["zstd", "-dc", directory + "/" + backup.manifest.files[0].path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw XCTSkip("the zstd command is not installed") }
        XCTAssertEqual(String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self), "{\"Item\":{\"pk\":{\"S\":\"a\"}}}\n")
    }

    func testFoldersAndFilesArePrivate() throws {
        let directory = try writeBackup([#"{"pk":{"S":"a"}}"#, #"{"pk":{"S":"b"}}"#])
        let folder = try FileManager.default.attributesOfItem(atPath: directory)[.posixPermissions] as? Int
        XCTAssertEqual(folder, 0o700)
        for file in ["manifest.json", "table.json", "data/00000-0000.jsonl.zst"] {
            let mode = try FileManager.default.attributesOfItem(atPath: directory + "/" + file)[.posixPermissions] as? Int
            XCTAssertEqual(mode, 0o600, file)
        }
    }

    func testAnExistingBackupIsNeverOverwritten() throws {
        _ = try writeBackup([#"{"pk":{"S":"a"}}"#, #"{"pk":{"S":"b"}}"#])
        XCTAssertThrowsError(try writeBackup([#"{"pk":{"S":"c"}}"#, #"{"pk":{"S":"d"}}"#])) { error in
            guard case ArchiveError.alreadyExists = error else { return XCTFail("\(error)") }
        }
    }

    func testAFlippedByteIsRefusedBeforeAnyItemIsRead() throws {
        let directory = try writeBackup((0..<100).map { #"{"pk":{"S":"k\#($0)"}}"# })
        let path = directory + "/data/00001-0000.jsonl.zst"
        var bytes = try XCTUnwrap(FileManager.default.contents(atPath: path))
        bytes[bytes.count / 2] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try readAll(directory)) { error in
            guard case ArchiveError.checksumMismatch(let failing, _, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(failing, path)
        }
    }

    func testABackupWithoutManifestIsIncomplete() throws {
        let directory = try writeBackup([#"{"pk":{"S":"a"}}"#, #"{"pk":{"S":"b"}}"#])
        try FileManager.default.removeItem(atPath: directory + "/manifest.json")
        XCTAssertThrowsError(try Backup(directory: directory)) { error in
            XCTAssertEqual(error as? ArchiveError, .incomplete(path: directory))
            XCTAssertTrue("\(error)".contains("incomplete backup"))
        }
        let entries = BackupCatalog(directory: parent).entries()
        XCTAssertEqual(entries.map(\.state), [.incomplete])
    }

    func testANewerFormatVersionNamesTheProblem() throws {
        let directory = try writeBackup([#"{"pk":{"S":"a"}}"#, #"{"pk":{"S":"b"}}"#])
        let path = directory + "/manifest.json"
        let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "\"formatVersion\" : 1", with: "\"formatVersion\" : 7")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try Backup(directory: directory)) { error in
            XCTAssertEqual(error as? ArchiveError, .unsupportedVersion(path: path, version: 7, supported: 1))
        }
    }

    func testCatalogListsNewestFirstAndParsesTableNamesWithDashes() throws {
        _ = try writeBackup([#"{"pk":{"S":"a"}}"#, #"{"pk":{"S":"b"}}"#], date: Date(timeIntervalSince1970: 1_700_000_000))
        _ = try writeBackup([#"{"pk":{"S":"a"}}"#, #"{"pk":{"S":"b"}}"#], date: Date(timeIntervalSince1970: 1_800_000_000))
        let entries = BackupCatalog(directory: parent).entries()
        XCTAssertEqual(entries.map(\.tableName), ["pr-5-main-table", "pr-5-main-table"])
        XCTAssertEqual(entries.map(\.createdAt), [Date(timeIntervalSince1970: 1_800_000_000), Date(timeIntervalSince1970: 1_700_000_000)])
        XCTAssertEqual(entries.first?.items, 2)
        XCTAssertNil(BackupCatalog.parseFolderName("pr-5-main-table-2025012-120000"))
    }
}
