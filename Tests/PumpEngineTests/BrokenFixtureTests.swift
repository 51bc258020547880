import Foundation
import PumpArchive
import PumpEngine
import PumpTestSupport
import XCTest

/// The deliberately broken backups in Tests/Fixtures/backups (made by make_fixtures.py,
/// one defect each): each is refused with its own message, and a restore of it writes nothing.
final class BrokenFixtureTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/backups").path
    static let folder = "pr-5-main-table-20250125-120000"

    private func path(_ fixture: String) -> String {
        fixture == "not-a-backup" ? "\(Self.root)/\(fixture)" : "\(Self.root)/\(fixture)/\(Self.folder)"
    }

    private func verify(_ fixture: String) throws -> VerifyReport {
        try BackupVerifier().verify(BackupOpener.open(path(fixture)))
    }

    private func expectFailure(_ fixture: String, _ check: (ArchiveError) -> Void) {
        XCTAssertThrowsError(try verify(fixture), fixture) { error in
            guard let error = error as? ArchiveError else { return XCTFail("\(fixture): \(error)") }
            check(error)
            XCTAssertEqual("\(error)".split(separator: "\n").count, 1, "one line: \(error)")
        }
    }

    func testTheGoodFixtureVerifies() throws {
        let report = try verify("good")
        XCTAssertEqual(report.items, 3)
        XCTAssertEqual(report.segments, 2)
    }

    func testEachDefectHasItsOwnMessage() {
        let data = { (fixture: String, index: Int) in "\(self.path(fixture))/data/0000\(index)-0000.jsonl.zst" }
        expectFailure("truncated-segment") { XCTAssertEqual($0, .corruptSegment(path: data("truncated-segment", 0), detail: "the zstd stream is truncated")) }
        expectFailure("flipped-byte") {
            guard case .checksumMismatch(let file, _, _) = $0 else { return XCTFail("\($0)") }
            XCTAssertEqual(file, data("flipped-byte", 1))
        }
        expectFailure("missing-segment") { XCTAssertEqual($0, .missingFile(path: data("missing-segment", 1))) }
        expectFailure("missing-manifest") { XCTAssertEqual($0, .incomplete(path: self.path("missing-manifest"))) }
        expectFailure("malformed-manifest") {
            guard case .malformedManifest(let file, _) = $0 else { return XCTFail("\($0)") }
            XCTAssertEqual(file, self.path("malformed-manifest") + "/manifest.json")
        }
        expectFailure("count-mismatch") { XCTAssertEqual($0, .countMismatch(path: data("count-mismatch", 0), expected: 5, actual: 2)) }
        expectFailure("invalid-json-line") {
            guard case .invalidLine(let file, let line, let detail) = $0 else { return XCTFail("\($0)") }
            XCTAssertEqual(file, data("invalid-json-line", 1))
            XCTAssertEqual(line, 1)
            XCTAssertTrue(detail.contains("JSON ends unexpectedly"), detail)
        }
        expectFailure("future-version") {
            XCTAssertEqual($0, .unsupportedVersion(path: self.path("future-version") + "/manifest.json", version: 2, supported: 1))
            XCTAssertTrue("\($0)".contains("upgrade pump"))
        }
        expectFailure("missing-key") { XCTAssertEqual($0, .invalidLine(path: data("missing-key", 1), line: 1, detail: "item has no key attribute sk")) }
        expectFailure("not-a-backup") {
            guard case .notABackup(let file, _) = $0 else { return XCTFail("\($0)") }
            XCTAssertEqual(file, self.path("not-a-backup"))
        }
    }

    func testItemCheckRejectsUntypedAttributesAndWrongKeyTypes() {
        let keys = [Manifest.Key(attributeName: "pk", keyType: "HASH", attributeType: "S")]
        func problem(_ text: String) -> String? {
            Array(text.utf8).withUnsafeBufferPointer { ItemCheck(keys: keys).problem(in: $0) }
        }
        XCTAssertNil(problem(#"{"pk":{"S":"a"},"x":{"L":[{"N":"1"}]}}"#))
        XCTAssertEqual(problem(#"{"pk":{"N":"1"}}"#), "key attribute pk is N, the table's key type is S")
        XCTAssertEqual(problem(#"{"pk":{"S":"a"},"x":"plain"}"#), #"attribute x is not a typed value like {"S":…}"#)
        XCTAssertEqual(problem(#"{"pk":{"S":"a"},"x":{"Q":"1"}}"#), #"attribute x is not a typed value like {"S":…}"#)
        XCTAssertEqual(problem(#"{"pk":{"S":"a"},"n":{"N":01}}"#)?.hasPrefix("invalid JSON"), true)
        XCTAssertEqual(problem(#"{"pk":{"S":"a"},"x":{"S":"1","N":"2"}}"#), #"attribute x is not a typed value like {"S":…}"#, "exactly one type per value")
        XCTAssertEqual(problem(#"{"pk":{"S":"a"}},"extra":1"#)?.hasPrefix("invalid JSON"), true, "trailing data after the item")
        XCTAssertEqual(problem(#" { "x" : { "M" : { "pk" : { "N" : "1" } } } , "pk" : { "S" : "a" } } "#), nil, "whitespace anywhere; nested pk is not the key")
        XCTAssertEqual(problem(#"[]"#), "an item must be a JSON object")
    }

    func testRestoreRefusesEveryBrokenFixtureWithoutWriting() throws {
        let clients = MotoServer.clients(endpoint: try MotoServer.endpoint())
        let client = clients.makeClient()
        let table = "\(MotoServer.uniqueStage())-main-table"
        try MotoServer.createTable(table, client: client)
        for fixture in ["truncated-segment", "flipped-byte", "missing-segment", "count-mismatch", "invalid-json-line", "missing-key"] {
            let source = try BackupOpener.open(path(fixture))
            XCTAssertThrowsError(try RestoreEngine(clients: clients).restore(source, into: table, options: RestoreOptions(concurrency: 1)), fixture) { error in
                XCTAssertTrue(error is ArchiveError, "\(fixture): \(error)")
            }
            XCTAssertEqual(try MotoServer.scanAll(table, client: client).count, 0, "\(fixture) wrote items before being refused")
        }
        // The same good fixture restores all three items.
        let result = try RestoreEngine(clients: clients).restore(try BackupOpener.open(path("good")), into: table, options: RestoreOptions(concurrency: 1))
        XCTAssertEqual(result.written, 3)
    }
}
