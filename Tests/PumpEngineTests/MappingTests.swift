import Foundation
import PumpArchive
import PumpDynamoDB
import PumpEngine
import PumpTestSupport
import XCTest

/// The schema-change path: a backup of a table keyed one way, restored into a table keyed
/// another way with --rename or --transform, against moto.
final class MappingTests: XCTestCase {
    private var out: String!

    override func setUpWithError() throws {
        out = NSTemporaryDirectory() + "pump-mapping-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: out)
    }

    private func jq() throws -> String {
        guard let path = ["/usr/bin/jq", "/usr/local/bin/jq"].first(where: FileManager.default.isExecutableFile) else {
            throw XCTSkip("jq is not installed (scripts/setup.sh installs it)")
        }
        return path
    }

    /// A backup of `count` ItemFactory items keyed (`partitionKey`, `sortKey`), plus `extra` raw items.
    private func backup(_ table: String, partitionKey: String, sortKey: String?, count: Int, extra: [String] = [],
                        clients: DynamoDBClientFactory) throws -> (any BackupSource, [[String: Any]]) {
        let client = clients.makeClient()
        try MotoServer.createTable(table, client: client, partitionKey: (partitionKey, "S"), sortKey: sortKey.map { ($0, "S") })
        var items = (0..<count).map { ItemFactory.item($0, partitionKey: partitionKey, sortKey: sortKey) }
        items += extra.map { Array($0.utf8) }
        for start in stride(from: 0, to: items.count, by: 25) {
            XCTAssertTrue(try client.batchWrite(table: table, items: items[start..<min(start + 25, items.count)].map { $0[...] }).unprocessed.isEmpty)
        }
        let result = try BackupEngine(clients: clients).backup(table: table, options: BackupOptions(outputDirectory: out, concurrency: 2))
        let objects = try items.map { try JSONSerialization.jsonObject(with: Data($0)) as! [String: Any] }
        return (try Backup(directory: result.directory), objects)
    }

    private func canonical(_ object: [String: Any]) throws -> String {
        try CanonicalItem.canonical(Array(try JSONSerialization.data(withJSONObject: object)))
    }

    /// What the table should hold: `items` keyed by their canonical pk/sk, in canonical form.
    private func expectedTable(_ items: [[String: Any]]) throws -> [String: String] {
        var expected: [String: String] = [:]
        for item in items {
            expected[try CanonicalItem.key(Array(try JSONSerialization.data(withJSONObject: item)), names: ["pk", "sk"])] = try canonical(item)
        }
        return expected
    }

    private func rejects(_ path: String) throws -> [[String: Any]] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
    }

    func testRenameRestoresIntoATableWhoseKeysWereRenamed() throws {
        let clients = MotoServer.clients(endpoint: try MotoServer.endpoint())
        let client = clients.makeClient()
        let stage = MotoServer.uniqueStage()
        // One item already carries an attribute named like a rename's target: renaming would lose a value.
        let clash = #"{"id":{"S":"clash"},"rev":{"S":"1"},"pk":{"S":"already here"}}"#
        let (source, items) = try backup("\(stage)-old", partitionKey: "id", sortKey: "rev", count: 120, extra: [clash], clients: clients)
        let target = "\(stage)-new"
        try MotoServer.createTable(target, client: client)

        XCTAssertThrowsError(try RestoreEngine(clients: clients).restore(source, into: target, options: RestoreOptions())) { error in
            guard case PumpError.keySchemaMismatch(_, let differences) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(differences, ["partition key: backup id (S), table pk (S)", "sort key: backup rev (S), table sk (S)"])
        }
        var half = RestoreOptions()
        half.mapping = ItemMapping(renames: [AttributeRename(old: "id", new: "pk")])
        XCTAssertThrowsError(try RestoreEngine(clients: clients).restore(source, into: target, options: half)) { error in
            guard case PumpError.keySchemaMismatch(_, let differences) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(differences, ["sort key: backup rev (S), table sk (S)", "(after --rename id=pk)"])
        }

        var options = RestoreOptions(concurrency: 2, rejectsPath: out + "/rejects.jsonl")
        options.mapping = ItemMapping(renames: [try AttributeRename(argument: "id=pk"), try AttributeRename(argument: "rev=sk")])
        let result = try RestoreEngine(clients: clients).restore(source, into: target, options: options)
        XCTAssertEqual(result.written, 120)
        XCTAssertEqual(result.rejected, 1)

        let renamed = items.prefix(120).map { item in
            var item = item
            item["pk"] = item.removeValue(forKey: "id")
            item["sk"] = item.removeValue(forKey: "rev")
            return item
        }
        XCTAssertEqual(try MotoServer.scanAll(target, client: client), try expectedTable(renamed))

        let rejected = try rejects(out + "/rejects.jsonl")
        XCTAssertEqual(rejected.count, 1)
        XCTAssertEqual(rejected.first?["reason"] as? String, "--rename id=pk: the item already has an attribute pk")
        // The rejects file keeps the item as the backup holds it, so a replay maps it the same way.
        XCTAssertEqual(try canonical(rejected.first?["Item"] as! [String: Any]), try CanonicalItem.canonical(Array(clash.utf8)))
    }

    func testTransformRebuildsKeysAndItsBadOutputIsRejectedWithTheOriginalItem() throws {
        let jq = try jq()
        let clients = MotoServer.clients(endpoint: try MotoServer.endpoint())
        let client = clients.makeClient()
        let stage = MotoServer.uniqueStage()
        let (source, items) = try backup("\(stage)-old", partitionKey: "id", sortKey: nil, count: 200, clients: clients)
        let target = "\(stage)-new"
        try MotoServer.createTable(target, client: client)

        // id "user#7" becomes pk "USER#user#7", sk "PROFILE"; item n = 13 loses its sort key, so the table refuses it.
        let program = #"\#(jq) -c '.Item |= (.pk = {S: ("USER#" + .id.S)} | .sk = {S: "PROFILE"} | del(.id)) | if .Item.n.N == "13" then del(.Item.sk) else . end'"#
        var options = RestoreOptions(concurrency: 2, rejectsPath: out + "/rejects.jsonl")
        options.mapping = ItemMapping(transform: program)
        let result = try RestoreEngine(clients: clients).restore(source, into: target, options: options)
        XCTAssertEqual(result.written, 199)
        XCTAssertEqual(result.rejected, 1)

        let rebuilt = items.filter { ($0["n"] as? [String: String])?["N"] != "13" }.map { item in
            var item = item
            let id = (item.removeValue(forKey: "id") as! [String: String])["S"]!
            item["pk"] = ["S": "USER#" + id]
            item["sk"] = ["S": "PROFILE"]
            return item
        }
        XCTAssertEqual(try MotoServer.scanAll(target, client: client), try expectedTable(rebuilt))

        let rejected = try rejects(out + "/rejects.jsonl")
        XCTAssertEqual(rejected.count, 1)
        XCTAssertEqual(rejected.first?["reason"] as? String, "after --transform '\(program)': item has no key attribute sk")
        let original = try XCTUnwrap(items.first { ($0["n"] as? [String: String])?["N"] == "13" })
        XCTAssertEqual(try canonical(rejected.first?["Item"] as! [String: Any]), try canonical(original))
    }

    func testATransformThatFailsOrDropsLinesStopsTheRestoreAndSaysWhy() throws {
        let clients = MotoServer.clients(endpoint: try MotoServer.endpoint())
        let client = clients.makeClient()
        let stage = MotoServer.uniqueStage()
        let (source, _) = try backup("\(stage)-main", partitionKey: "pk", sortKey: "sk", count: 60, clients: clients)
        let target = "\(stage)-copy"
        try MotoServer.createTable(target, client: client)

        let cases: [(String, String)] = [
            ("exit 3", "exited with status 3 after printing 0 line(s)"),
            ("head -n 2", "it must print exactly one {\"Item\":…} line per line it reads"),
            (#"cat; echo '{"Item":{}}'"#, "printed more lines than it was given items"),
        ]
        for (program, message) in cases {
            var options = RestoreOptions(concurrency: 1, rejectsPath: out + "/rejects.jsonl")
            options.mapping = ItemMapping(transform: program)
            options.force = true
            XCTAssertThrowsError(try RestoreEngine(clients: clients).restore(source, into: target, options: options)) { error in
                guard case PumpError.transformFailed(let command, let detail) = error else { return XCTFail("\(program): \(error)") }
                XCTAssertEqual(command, program)
                XCTAssertTrue(detail.contains(message), "\(program): \(detail)")
            }
        }
        // A rename that would merge two attributes is refused before anything is read.
        XCTAssertThrowsError(try ItemMapping(renames: [AttributeRename(old: "a", new: "c"), AttributeRename(old: "b", new: "c")]).validate())
        XCTAssertThrowsError(try AttributeRename(argument: "justone"))
    }
}
