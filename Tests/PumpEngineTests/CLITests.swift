import Foundation
import PumpDynamoDB
import PumpTestSupport
import XCTest

/// The `pump` executable as an operator runs it: exit codes and the one line they read.
final class CLITests: XCTestCase {
    private var home: String!

    override func setUpWithError() throws {
        home = NSTemporaryDirectory() + "pump-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: home)
    }

    /// Runs pump in the test's own HOME with only the given environment.
    private func pump(_ arguments: [String], environment: [String: String]) throws -> PumpCLI.Run {
        try PumpCLI(home: home).run(arguments, environment: environment)
    }

    private var motoEnvironment: [String: String] {
        get throws {
            PumpCLI.environment(endpoint: try MotoServer.endpoint())
        }
    }

    func testMissingCredentialsSayWhatToSet() throws {
        let run = try pump(["backup", "pr-5"], environment: ["AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL": "http://127.0.0.1:9"])
        XCTAssertEqual(run.status, 2, run.stderr)
        XCTAssertEqual(run.stderr.split(separator: "\n").count, 1, "one line: \(run.stderr)")
        XCTAssertTrue(run.stderr.contains("AWS_ACCESS_KEY_ID"), run.stderr)
        XCTAssertTrue(run.stderr.contains("AWS_SECRET_ACCESS_KEY"), run.stderr)
        XCTAssertTrue(run.stderr.contains("credentials"), run.stderr)
    }

    func testMissingRegionSaysWhatToSet() throws {
        let run = try pump(["backup", "pr-5"], environment: ["AWS_ACCESS_KEY_ID": "AKIDCLITEST00001", "AWS_SECRET_ACCESS_KEY": "cli-secret-do-not-print"])
        XCTAssertEqual(run.status, 2, run.stderr)
        XCTAssertTrue(run.stderr.contains("--region") && run.stderr.contains("AWS_REGION"), run.stderr)
        XCTAssertFalse(run.stderr.contains("cli-secret-do-not-print"))
    }

    func testWrongEndpointNamesTheEndpointAndTheOperation() throws {
        let closed = try LoopbackHTTPServer { _ in .json(200, "{}") }
        let port = closed.port
        closed.stop()
        var environment = try motoEnvironment
        environment["AWS_ENDPOINT_URL"] = "http://127.0.0.1:\(port)"
        let run = try pump(["backup", "pr-5"], environment: environment)
        XCTAssertEqual(run.status, 3, run.stderr)
        XCTAssertTrue(run.stderr.contains("ListTables failed after 4 attempts: cannot connect to http://127.0.0.1:\(port)"), run.stderr)
    }

    func testInvalidEndpointIsAConfigurationError() throws {
        var environment = try motoEnvironment
        environment.removeValue(forKey: "AWS_ENDPOINT_URL")
        let run = try pump(["backup", "pr-5", "--endpoint-url", "ftp//nowhere"], environment: environment)
        XCTAssertEqual(run.status, 2, run.stderr)
        XCTAssertTrue(run.stderr.contains("ftp//nowhere") && run.stderr.contains("--endpoint-url"), run.stderr)
    }

    func testDebugOutputNeverShowsTheSecret() throws {
        let run = try pump(["backup", "no-such-stage-\(UUID().uuidString.prefix(6))", "--debug"], environment: try motoEnvironment)
        XCTAssertEqual(run.status, 6, run.stderr)
        XCTAssertTrue(run.stderr.contains("endpoint http://127.0.0.1"), run.stderr)
        XCTAssertFalse(run.stderr.contains("cli-secret-do-not-print"), run.stderr)
        XCTAssertFalse(run.stdout.contains("cli-secret-do-not-print"))
    }

    func testBackupListRestoreThroughTheCommandLine() throws {
        let environment = try motoEnvironment
        let client = MotoServer.clients(endpoint: try MotoServer.endpoint()).makeClient()
        let stage = MotoServer.uniqueStage(), next = MotoServer.uniqueStage()
        try MotoServer.createTable("\(stage)-main-table", client: client)
        try MotoServer.createTable("\(next)-main-table", client: client)
        _ = try client.batchWrite(table: "\(stage)-main-table", items: (0..<20).map { ItemFactory.item($0)[...] })

        let backup = try pump(["backup", stage, "--out", "b"], environment: environment)
        XCTAssertEqual(backup.status, 0, backup.stderr)
        XCTAssertTrue(backup.stdout.hasPrefix("backed up \(stage)-main-table: 20 items"), backup.stdout)
        XCTAssertEqual(backup.stderr, "", "no progress line when stderr is not a terminal")

        let listing = try pump(["restore", stage, "--dir", "b"], environment: environment)
        XCTAssertEqual(listing.status, 0, listing.stderr)
        let folder = try XCTUnwrap(listing.stdout.split(separator: "\n").dropFirst().first?.split(separator: " ").first.map(String.init))
        XCTAssertTrue(folder.hasPrefix("b/\(stage)-main-table-"), listing.stdout)

        let restore = try pump(["restore", next, folder], environment: environment)
        XCTAssertEqual(restore.status, 0, restore.stderr)
        XCTAssertTrue(restore.stdout.hasPrefix("restored \(next)-main-table: 20 of 20 items written, 0 rejected"), restore.stdout)
        XCTAssertEqual(try MotoServer.scanAll("\(next)-main-table", client: client), try MotoServer.scanAll("\(stage)-main-table", client: client))

        let again = try pump(["restore", next, folder], environment: environment)
        XCTAssertEqual(again.status, 7, "a non-empty table needs --force")
        XCTAssertTrue(again.stderr.contains("--force"), again.stderr)

        let none = try pump(["restore", "pr-0", "--dir", "b"], environment: environment)
        XCTAssertEqual(none.status, 6)
        XCTAssertTrue(none.stderr.contains("no backups for pr-0 in b"), none.stderr)
    }

    func testVerifyAndRestoreRefuseEveryBrokenFixtureWithExitCode4() throws {
        let environment = try motoEnvironment
        let client = MotoServer.clients(endpoint: try MotoServer.endpoint()).makeClient()
        let table = "\(MotoServer.uniqueStage())-main-table"
        try MotoServer.createTable(table, client: client)
        let root = BrokenFixtureTests.root
        let fixtures = try FileManager.default.contentsOfDirectory(atPath: root).filter { $0 != "good" }.sorted()
        XCTAssertEqual(fixtures.count, 10)
        for fixture in fixtures {
            let folder = fixture == "not-a-backup" ? "\(root)/\(fixture)" : "\(root)/\(fixture)/\(BrokenFixtureTests.folder)"
            let verify = try pump(["verify", folder], environment: environment)
            XCTAssertEqual(verify.status, 4, "\(fixture): \(verify.stderr)")
            XCTAssertEqual(verify.stderr.split(separator: "\n").count, 1, "\(fixture): one line")
            XCTAssertTrue(verify.stderr.hasPrefix("pump: error: \(folder)"), "\(fixture) names the file: \(verify.stderr)")
            let restore = try pump(["restore", table, folder], environment: environment)
            XCTAssertEqual(restore.status, 4, "\(fixture): \(restore.stderr)")
            XCTAssertEqual(try MotoServer.scanAll(table, client: client).count, 0, "\(fixture) wrote items")
        }
        let good = try pump(["verify", "\(root)/good/\(BrokenFixtureTests.folder)"], environment: environment)
        XCTAssertEqual(good.status, 0, good.stderr)
        XCTAssertTrue(good.stdout.contains(": 3 items in 2 files"), good.stdout)
    }

    func testListShowsStatesAndJSON() throws {
        let root = BrokenFixtureTests.root
        let corrupt = try pump(["list", "pr-5", "--dir", "\(root)/missing-segment"], environment: [:])
        XCTAssertEqual(corrupt.status, 0, corrupt.stderr)
        XCTAssertTrue(corrupt.stdout.contains("pr-5-main-table  2025-01-25T12:00:00Z  3 items"), corrupt.stdout)
        XCTAssertTrue(corrupt.stdout.contains("  corrupt  "), corrupt.stdout)
        let incomplete = try pump(["list", "--dir", "\(root)/missing-manifest", "--json"], environment: [:])
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(incomplete.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(object["state"] as? String, "incomplete")
        XCTAssertEqual(object["table"] as? String, "pr-5-main-table")
        XCTAssertEqual(object["time"] as? String, "2025-01-25T12:00:00Z")
        let other = try pump(["list", "pr-6", "--dir", "\(root)/good"], environment: [:])
        XCTAssertEqual(other.status, 6, "nothing for another stage")
    }
}
