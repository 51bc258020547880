import Foundation
import PumpArchive
import PumpDynamoDB
import PumpEngine
import PumpTestSupport
import XCTest

/// Restoring what users already have: AWS Export to S3 folders and dynamodump dumps.
final class ForeignFormatTests: XCTestCase {
    private var work: String!

    override func setUpWithError() throws {
        work = NSTemporaryDirectory() + "pump-foreign-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: work)
    }

    @discardableResult
    private func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw NSError(domain: "run", code: Int(process.terminationStatus), userInfo: [NSLocalizedDescriptionKey: text]) }
        return text
    }

    /// Lays out an export as DynamoDB writes it (gzip JSON lines, MD5s in manifest-files.json),
    /// using Python's gzip and hashlib so the test does not grade pump with pump's own code.
    private func makeExport(table: String, items: [[UInt8]], files: Int) throws -> String {
        let exportDirectory = work + "/export/AWSDynamoDB/01700000000000-abcdef12"
        try FileManager.default.createDirectory(atPath: exportDirectory + "/data", withIntermediateDirectories: true)
        let linesPath = work + "/lines.jsonl"
        let lines = items.map { #"{"Item":"# + String(decoding: $0, as: UTF8.self) + "}" }.joined(separator: "\n") + "\n"
        try lines.write(toFile: linesPath, atomically: true, encoding: .utf8)
        let script = """
        import base64, gzip, hashlib, json, sys
        directory, table, files, lines_path = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
        lines = open(lines_path, encoding="utf-8").read().splitlines(True)
        entries = []
        for n in range(files):
            chunk = lines[n::files]
            name = "data/file%02dabc.json.gz" % n
            blob = gzip.compress("".join(chunk).encode("utf-8"))
            open(directory + "/" + name, "wb").write(blob)
            entries.append({"itemCount": len(chunk), "md5Checksum": base64.b64encode(hashlib.md5(blob).digest()).decode(),
                            "etag": hashlib.md5(blob).hexdigest() + "-1", "dataFileS3Key": "prefix/AWSDynamoDB/01700000000000-abcdef12/" + name})
        open(directory + "/manifest-files.json", "w").write("".join(json.dumps(e) + "\\n" for e in entries))
        json.dump({"version": "2020-06-30", "exportArn": "arn:aws:dynamodb:us-east-1:123456789012:table/%s/export/01700000000000-abcdef12" % table,
                   "tableArn": "arn:aws:dynamodb:us-east-1:123456789012:table/" + table, "itemCount": len(lines),
                   "outputFormat": "DYNAMODB_JSON", "exportType": "FULL_EXPORT"}, open(directory + "/manifest-summary.json", "w"))
        """
        try run("/usr/bin/env", ["python3", "-c", script, exportDirectory, table, "\(files)", linesPath])
        return work + "/export"
    }

    func testAWSExportRestoresEveryAttributeTypeExactly() throws {
        let clients = MotoServer.clients(endpoint: try MotoServer.endpoint())
        let client = clients.makeClient()
        let table = "\(MotoServer.uniqueStage())-main-table"
        try MotoServer.createTable(table, client: client)
        let items = (0..<300).map { ItemFactory.item($0) }
        let folder = try makeExport(table: table, items: items, files: 3)

        let source = try BackupOpener.open(folder)
        XCTAssertEqual(source.kind, "AWS Export to S3")
        XCTAssertEqual(source.tableName, table)
        XCTAssertEqual(try BackupVerifier().verify(source).items, 300)
        let result = try RestoreEngine(clients: clients).restore(source, into: table, options: RestoreOptions(concurrency: 2))
        XCTAssertEqual(result.written, 300)
        var expected: [String: String] = [:]
        for item in items { expected[try CanonicalItem.key(item, names: ["pk", "sk"])] = try CanonicalItem.canonical(item) }
        XCTAssertEqual(try MotoServer.scanAll(table, client: client), expected)
    }

    func testAWSExportWithAWrongMD5IsRefused() throws {
        let folder = try makeExport(table: "t", items: (0..<10).map { ItemFactory.item($0) }, files: 2)
        let data = folder + "/AWSDynamoDB/01700000000000-abcdef12/data/file01abc.json.gz"
        var bytes = try XCTUnwrap(FileManager.default.contents(atPath: data))
        bytes[bytes.count - 5] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: data))
        XCTAssertThrowsError(try BackupVerifier().verify(BackupOpener.open(folder))) { error in
            guard case ArchiveError.checksumMismatch(let path, _, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(path, data)
        }
    }

    func testARealDynamodumpDumpRestoresEveryAttributeTypeIncludingNestedBinary() throws {
        guard let dynamodump = ProcessInfo.processInfo.environment["PUMP_TEST_DYNAMODUMP"] else {
            let message = "PUMP_TEST_DYNAMODUMP is not set: scripts/test.sh installs dynamodump in a venv and sets it"
            if ProcessInfo.processInfo.environment["CI"] == "true" { XCTFail(message) }
            throw XCTSkip(message)
        }
        let endpoint = try MotoServer.endpoint()
        let clients = MotoServer.clients(endpoint: endpoint)
        let client = clients.makeClient()
        let source = "\(MotoServer.uniqueStage())-main-table"
        try MotoServer.createTable(source, client: client)
        // Items carry binary nested in M and L, which dynamodump's own restore double-encodes (its issue #238).
        _ = try client.batchWrite(table: source, items: (0..<25).map { ItemFactory.item($0)[...] })
        _ = try client.batchWrite(table: source, items: (25..<40).map { ItemFactory.item($0)[...] })
        let before = try MotoServer.scanAll(source, client: client)

        try run(dynamodump, ["-m", "backup", "-r", "us-east-1", "-s", source, "--host", endpoint.host!, "--port", "\(endpoint.port!)",
                             "--accessKey", "a", "--secretKey", "a", "--dumpPath", work + "/dump"])
        let dump = try BackupOpener.open(work + "/dump")
        XCTAssertEqual(dump.kind, "dynamodump dump")
        XCTAssertEqual(dump.tableName, source)
        XCTAssertEqual(dump.keySchema?.map(\.attributeName), ["pk", "sk"])
        XCTAssertEqual(try BackupVerifier().verify(dump).items, 40)

        let target = "\(MotoServer.uniqueStage())-main-table"
        try MotoServer.createTable(target, client: client)
        let result = try RestoreEngine(clients: clients).restore(dump, into: target, options: RestoreOptions(concurrency: 2))
        XCTAssertEqual(result.written, 40)
        XCTAssertEqual(try MotoServer.scanAll(target, client: client), before)
    }
}
