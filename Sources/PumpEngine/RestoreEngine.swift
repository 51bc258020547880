import Foundation
import PumpArchive
import PumpDynamoDB
import PumpSystem

/// How a restore runs.
public struct RestoreOptions: Sendable {
    public var concurrency: Int
    /// Verify the whole backup (checksums, every line, counts) before the first write,
    /// so a corrupt backup is refused whole.
    public var verifyChecksums: Bool
    /// Write into a table that already holds items.
    public var force: Bool
    public var rejectsPath: String?

    public init(concurrency: Int = 8, verifyChecksums: Bool = true, force: Bool = false, rejectsPath: String? = nil) {
        self.concurrency = concurrency
        self.verifyChecksums = verifyChecksums
        self.force = force
        self.rejectsPath = rejectsPath
    }
}

/// What a restore did.
public struct RestoreResult: Sendable {
    public var table: String
    public var itemsInBackup: Int
    public var written: Int
    public var rejected: Int
    public var retriedItems: Int
    public var throttles: Int
    public var rejectsFile: String?
    public var seconds: Double
}

/// Replays a backup into an existing table with BatchWriteItem, 25 items at a time,
/// re-sending UnprocessedItems with backoff until none remain.
public struct RestoreEngine: Sendable {
    public var clients: DynamoDBClientFactory
    public var clock: any Clock
    public var progress: (any ProgressReporter)?

    public init(clients: DynamoDBClientFactory, clock: any Clock = SystemClock(), progress: (any ProgressReporter)? = nil) {
        self.clients = clients
        self.clock = clock
        self.progress = progress
    }

    public func restore(_ backup: any BackupSource, into table: String, options: RestoreOptions) throws -> RestoreResult {
        let startedAt = clock.monotonicSeconds()
        let client = clients.makeClient()
        guard let target = try client.describeTableIfExists(table) else {
            throw PumpError.targetTableMissing(table: table, derivedFrom: "restore target for a backup of \(backup.tableName)")
        }
        if let keys = backup.keySchema {
            let differences = Self.keyDifferences(backup: keys, target: target)
            guard differences.isEmpty else { throw PumpError.keySchemaMismatch(table: table, differences: differences) }
        }
        if !options.force, try client.scan(ScanRequest(tableName: table, limit: 1)).count > 0 {
            throw PumpError.targetNotEmpty(table: table)
        }
        if options.verifyChecksums {
            // The whole backup is read and checked before the first write: a corrupt backup
            // is refused, never half-restored.
            _ = try BackupVerifier(clock: clock, concurrency: options.concurrency).verify(backup)
        }

        let rejects = RejectsFile(path: options.rejectsPath ?? "\(table).rejects.jsonl")
        defer { rejects.close() }
        let tracker = ProgressTracker(phase: .restore, table: table, expectedItems: backup.expectedItems, reporter: progress, clock: clock)
        let queue = Shared(Array(backup.segments.reversed()))
        let failure = Shared<(any Error)?>(nil)
        let clients = self.clients
        let clock = self.clock
        WorkerPool.run(workers: min(options.concurrency, max(1, backup.segments.count))) { _ in
            let writer = BatchWriter(client: clients.makeClient(), table: table, clock: clock, tracker: tracker, rejects: rejects)
            while failure.current == nil, let segment = queue.with({ $0.popLast() }) {
                do {
                    try writer.restore(segment, shouldStop: { failure.current != nil })
                } catch {
                    failure.with { if $0 == nil { $0 = error } }
                }
            }
        }
        tracker.finish()
        if let error = failure.current { throw error }
        let final = tracker.snapshot
        return RestoreResult(table: table, itemsInBackup: backup.expectedItems ?? final.items + rejects.count, written: final.items, rejected: rejects.count,
                             retriedItems: final.retriedItems, throttles: final.throttles,
                             rejectsFile: rejects.count > 0 ? rejects.path : nil, seconds: clock.monotonicSeconds() - startedAt)
    }

    /// Key names, roles and types that differ between the backup and the target table.
    static func keyDifferences(backup: [Manifest.Key], target: TableDescription) -> [String] {
        func describe(_ keys: [(String, String, String?)]) -> String {
            keys.map { "\($0.1 == "HASH" ? "partition" : "sort") key \($0.0) (\($0.2 ?? "?"))" }.joined(separator: ", ")
        }
        let wanted = backup.map { ($0.attributeName, $0.keyType, $0.attributeType) }
        let actual = target.keySchema.map { ($0.attributeName, $0.keyType, target.attributeTypes[$0.attributeName]) }
        var differences: [String] = []
        for role in ["HASH", "RANGE"] {
            let w = wanted.first { $0.1 == role }, a = actual.first { $0.1 == role }
            let name = role == "HASH" ? "partition key" : "sort key"
            switch (w, a) {
            case (nil, nil): continue
            case (let w?, nil): differences.append("backup has \(name) \(w.0) (\(w.2 ?? "?")), table has none")
            case (nil, let a?): differences.append("table has \(name) \(a.0) (\(a.2 ?? "?")), backup has none")
            case (let w?, let a?) where w.0 != a.0 || (w.2 != nil && a.2 != nil && w.2 != a.2):
                differences.append("\(name): backup \(w.0) (\(w.2 ?? "?")), table \(a.0) (\(a.2 ?? "?"))")
            default: continue
            }
        }
        _ = describe
        return differences
    }
}
