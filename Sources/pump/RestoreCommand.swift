import ArgumentParser
import Foundation
import PumpArchive
import PumpEngine

/// `pump restore <target> [<backup>…]`
struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Write a backup back into its table (or the same table of another stage).",
        discussion: """
        pump restore pr-5 backups/pr-5-main-table-20250125-120000 writes into pr-5-main-table; \
        pump restore pr-6 <that backup> writes into pr-6-main-table; a full table name is used as is. \
        The table must exist with the backup's key schema, or the items must be mapped to its keys with --rename or --transform. \
        Without a backup, lists the backups for the target, newest first.
        """
    )

    @Argument(help: "A table name, or a stage such as pr-5.")
    var target: String

    @Argument(help: "Backups to restore: pump backup folders, AWS Export to S3 folders (DYNAMODB_JSON), dynamodump table folders, or a rejects file of an earlier restore.")
    var backups: [String] = []

    @Option(help: "Where to look for backups when none is given.")
    var dir = "./backups"

    @Option(help: "BatchWriteItem requests in flight, at most one per segment file of the backup.")
    var concurrency = 8

    @Flag(help: "Write even if the table already holds items (items with the same key are overwritten).")
    var force = false

    @Flag(name: .customLong("no-verify"), help: "Skip reading and checking the whole backup before the first write.")
    var noVerify = false

    @Option(help: "File for items that cannot be written (default: <table>.rejects.jsonl).")
    var rejects: String?

    @Option(name: .customLong("write-capacity"), help: "Stay under this many write capacity units per second.")
    var writeCapacity: Double?

    @Option(name: .customLong("write-percent"), help: "Use at most this percent of the table's provisioned write capacity.")
    var writePercent: Double?

    @Option(name: .customLong("stall-timeout"), help: "Seconds without one accepted item before pump stops and puts every unwritten item in the rejects file.")
    var stallTimeout = 300.0

    @Flag(name: .customLong("create-table"), help: "Create a missing target from the backup's description (keys, indexes, billing, SSE, stream, table class, deletion protection, tags), then apply TTL and PITR after the data is in.")
    var createTable = false

    @Option(name: .customLong("boost-write-capacity"), help: "Raise a provisioned table's write capacity to this for the restore; it is always put back.")
    var boostWriteCapacity: Int?

    @Option(name: .customLong("rename"), help: ArgumentHelp("Rename a top-level attribute before writing (repeatable), e.g. --rename id=pk.", valueName: "old=new"))
    var renames: [String] = []

    @Option(help: ArgumentHelp("Pipe items through this shell command before writing: it reads one {\"Item\":…} line per item and must print exactly one such line for each, in order (e.g. jq -c '…'). Applied after --rename.", valueName: "command"))
    var transform: String?

    @Flag(help: "Continue a restore that was interrupted (Ctrl-C, kill, crash, an error), skipping what its journal records as done.")
    var resume = false

    @Option(help: "The restore's journal of finished work (default: <table>.journal.jsonl); removed when the restore completes.")
    var journal: String?

    @Option(help: "After writing: count the table's items and compare with the backup (count), also read every item back by key and compare its content (full), or nothing (none).")
    var verify: VerifyMode = .count

    @Option(name: .customLong("rate-curve"), help: .hidden)
    var rateCurve: RateCurve = .cubic

    @OptionGroup var aws: AWSOptionsGroup
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard concurrency >= 1 && concurrency <= 1024 else { throw ValidationError("--concurrency must be between 1 and 1024") }
        if rejects != nil && backups.count > 1 { throw ValidationError("--rejects takes one backup at a time") }
        if let writeCapacity, writeCapacity <= 0 { throw ValidationError("--write-capacity must be positive") }
        if let writePercent, !(writePercent > 0 && writePercent <= 100) { throw ValidationError("--write-percent must be between 0 and 100") }
        if writeCapacity != nil && writePercent != nil { throw ValidationError("give --write-capacity or --write-percent, not both") }
        guard stallTimeout > 0 else { throw ValidationError("--stall-timeout must be positive") }
        if journal != nil && backups.count > 1 { throw ValidationError("--journal takes one backup at a time") }
        do {
            try mapping().validate()
        } catch {
            throw ValidationError("\(error)")
        }
    }

    private func mapping() throws -> ItemMapping {
        ItemMapping(renames: try renames.map { try AttributeRename(argument: $0) }, transform: transform)
    }

    func run() {
        reportingFailures {
            if backups.isEmpty { return try listBackups() }
            let opened = try backups.map { try BackupOpener.open($0) }
            let (clients, _) = try aws.makeClients()
            let client = clients.makeClient()
            let stop = StopSignal()
            let interrupt = Interrupt.install(stop, doing: "stopping after the batches in flight; run the same command with --resume to continue")
            defer { interrupt.cancel() }
            let engine = RestoreEngine(clients: clients, progress: output.reporter(), stop: stop)
            let mapping = try mapping()
            var journals: [String: RestoreJournal] = [:]
            var expected: [String: Int] = [:]
            var rejected = 0
            var rejectFiles: [String] = []
            var tables: [String] = []
            do {
                for backup in opened {
                    let table = try TargetResolver.restoreTable(target: target, sourceTable: backup.tableName,
                                                                sourceStage: backup.stage) { try client.describeTableIfExists($0) != nil }
                    if journals[table] == nil {
                        let path = journal ?? "\(table).journal.jsonl"
                        journals[table] = resume ? try RestoreJournal.resume(path: path, table: table, mapping: mapping, force: force)
                                                 : try RestoreJournal.start(path: path, table: table, mapping: mapping)
                        tables.append(table)
                    }
                    var options = RestoreOptions(concurrency: concurrency, verifyChecksums: !noVerify, force: force, rejectsPath: rejects,
                                                 writeCapacity: writeCapacity, writePercent: writePercent, stallTimeout: stallTimeout,
                                                 createTable: createTable, boostWriteCapacity: boostWriteCapacity)
                    options.mapping = mapping
                    options.rateCurve = rateCurve
                    options.journal = journals[table]
                    options.resuming = resume || expected[table] != nil
                    let result = try engine.restore(backup, into: table, options: options)
                    output.summary(result)
                    expected[table, default: 0] += result.itemsInBackup - result.rejectedTotal
                    rejected += result.rejected
                    if let file = result.rejectsFile { rejectFiles.append(file) }
                    if verify == .full {
                        let check = try RestoreVerifier(clients: clients, concurrency: concurrency).compare(backup, table: table, mapping: mapping)
                        output.verified(table: table, check: check)
                        if check.different > 0 || check.missing > result.rejectedTotal {
                            throw PumpError.verificationFailed(table: table, detail: "\(check.different) item(s) differ and \(check.missing) are missing (\(result.rejectedTotal) were rejected) of \(check.checked) checked: " + check.examples.joined(separator: "; "))
                        }
                    }
                }
            } catch let error as PumpError {
                // A drained restore accounted for every item in the rejects file: nothing is left to resume.
                if case .restoreStopped = error { journals.values.forEach { $0.finish() } } else { Self.keepIfUseful(journals) }
                throw error
            } catch {
                Self.keepIfUseful(journals)
                throw error
            }
            journals.values.forEach { $0.finish() }
            if verify != .none {
                for table in tables {
                    let count = try RestoreVerifier(clients: clients, concurrency: concurrency).count(table: table)
                    let strict = journals[table]?.emptyAtStart ?? false
                    output.counted(table: table, count: count, expected: expected[table] ?? 0, compared: strict)
                    if strict && count != expected[table] {
                        let wanted = expected[table] ?? 0
                        var detail = "it holds \(count) items, but the backup's items less those rejected come to \(wanted)"
                        if count < wanted && !mapping.isIdentity { detail += "; a --rename or --transform that gives two items the same key keeps only one of them" }
                        throw PumpError.verificationFailed(table: table, detail: detail)
                    }
                }
            }
            if rejected > 0 { throw PumpError.itemsRejected(count: rejected, rejectsFile: rejectFiles.joined(separator: ", ")) }
        }
    }

    /// A journal that records no finished work would only make the next run ask for --resume.
    private static func keepIfUseful(_ journals: [String: RestoreJournal]) {
        for journal in journals.values {
            if journal.hasProgress { journal.close() } else { journal.finish() }
        }
    }

    private func listBackups() throws {
        let entries = BackupCatalog(directory: dir).entries { TargetResolver.belongs($0, toStage: target) }
        guard !entries.isEmpty else { throw PumpError.noBackupsFound(target: target, directory: dir) }
        print("Backups for \(target) in \(dir), newest first:")
        for entry in entries {
            let items = entry.items.map { "\(Format.count($0)) items" } ?? "-"
            let size = entry.compressedBytes.map(Format.bytes) ?? "-"
            print("  \(entry.path)  \(entry.tableName)  \(ISO8601DateFormatter().string(from: entry.createdAt))  \(items)  \(size)  \(entry.state.rawValue)")
        }
        print("Restore one with: pump restore \(target) <backup>")
    }
}

/// `--verify`: what pump checks after the restore.
enum VerifyMode: String, ExpressibleByArgument, CaseIterable {
    case count, full, none
}

extension RateCurve: ExpressibleByArgument {}
