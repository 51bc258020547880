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
    /// Write capacity units per second to stay under (`--write-capacity`).
    public var writeCapacity: Double?
    /// Percent of the table's provisioned write capacity to use (`--write-percent`).
    public var writePercent: Double?
    /// Seconds without a single accepted item before pump stops and rejects what is left.
    public var stallTimeout: Double
    /// Create a missing target from the backup's description, then apply TTL and PITR.
    public var createTable = false
    /// Raise a provisioned table's write capacity to this for the restore, then put it back.
    public var boostWriteCapacity: Int?

    public init(concurrency: Int = 8, verifyChecksums: Bool = true, force: Bool = false, rejectsPath: String? = nil,
                writeCapacity: Double? = nil, writePercent: Double? = nil, stallTimeout: Double = 300,
                createTable: Bool = false, boostWriteCapacity: Int? = nil) {
        self.concurrency = concurrency
        self.verifyChecksums = verifyChecksums
        self.force = force
        self.rejectsPath = rejectsPath
        self.writeCapacity = writeCapacity
        self.writePercent = writePercent
        self.stallTimeout = stallTimeout
        self.createTable = createTable
        self.boostWriteCapacity = boostWriteCapacity
    }

    /// Write capacity units per second to stay under, if any.
    func writeLimit(for table: TableDescription) throws -> Double? {
        if let writeCapacity { return writeCapacity }
        guard let writePercent else { return nil }
        guard let provisioned = table.provisionedWrite, provisioned > 0 else {
            throw PumpError.invalidOption("--write-percent needs provisioned write capacity, but \(table.name) is on-demand; give an absolute --write-capacity instead")
        }
        return Double(provisioned) * writePercent / 100
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
    public var stop: StopSignal

    public init(clients: DynamoDBClientFactory, clock: any Clock = SystemClock(), progress: (any ProgressReporter)? = nil, stop: StopSignal = StopSignal()) {
        self.clients = clients
        self.clock = clock
        self.progress = progress
        self.stop = stop
    }

    public func restore(_ backup: any BackupSource, into table: String, options: RestoreOptions) throws -> RestoreResult {
        let startedAt = clock.monotonicSeconds()
        let client = clients.makeClient()
        var blueprint: TableBlueprint?
        var target: TableDescription
        if let existing = try client.describeTableIfExists(table) {
            target = existing
        } else {
            guard options.createTable else {
                throw PumpError.targetTableMissing(table: table, derivedFrom: "restore target for a backup of \(backup.tableName); deploy it, or pass --create-table")
            }
            guard let document = backup.tableDocument else {
                throw PumpError.invalidOption("\(backup.kind) \(backup.location) carries no table description to create \(table) from; create the table yourself")
            }
            if options.verifyChecksums { _ = try BackupVerifier(clock: clock, concurrency: options.concurrency).verify(backup) }
            let plan = try TableBlueprint(document: document, tableName: table)
            target = try plan.create(with: client, name: table)
            blueprint = plan
        }
        if let keys = backup.keySchema {
            let differences = Self.keyDifferences(backup: keys, target: target)
            guard differences.isEmpty else { throw PumpError.keySchemaMismatch(table: table, differences: differences) }
        }
        if !options.force, try client.scan(ScanRequest(tableName: table, limit: 1)).count > 0 {
            throw PumpError.targetNotEmpty(table: table)
        }
        if options.verifyChecksums && blueprint == nil {
            // The whole backup is read and checked before the first write: a corrupt backup
            // is refused, never half-restored.
            _ = try BackupVerifier(clock: clock, concurrency: options.concurrency).verify(backup)
        }
        let boost = try CapacityBoost(table: target, to: options.boostWriteCapacity, client: client)
        defer { boost.restore() }
        let result = try pump(backup, into: table, target: target, options: options, startedAt: startedAt)
        try blueprint?.applySettings(with: client, name: table)
        return result
    }

    private func pump(_ backup: any BackupSource, into table: String, target: TableDescription, options: RestoreOptions, startedAt: Double) throws -> RestoreResult {

        let rejects = RejectsFile(path: options.rejectsPath ?? "\(table).rejects.jsonl")
        defer { rejects.close() }
        let tracker = ProgressTracker(phase: .restore, table: table, expectedItems: backup.expectedItems, reporter: progress, clock: clock)
        let limiter = CapacityRateLimiter(limit: try options.writeLimit(for: target), clock: clock)
        let gate = RestoreGate(clock: clock, stallTimeout: options.stallTimeout, stop: stop)
        let itemKey = ItemKey(table: target)
        let clients = self.clients.reportingThrottles(to: limiter, tracker: tracker)
        let queue = Shared(Array(backup.segments.reversed()))
        let failure = Shared<(any Error)?>(nil)
        let itemsRead = Shared(0)
        let factory = clients, clock = self.clock
        WorkerPool.run(workers: min(options.concurrency, max(1, backup.segments.count))) { _ in
            let writer = BatchWriter(client: factory.makeClient(), table: table, itemKey: itemKey, clock: clock, tracker: tracker,
                                     rejects: rejects, limiter: limiter, gate: gate)
            while failure.current == nil, let segment = queue.with({ $0.popLast() }) {
                do {
                    try writer.restore(segment, shouldStop: { failure.current != nil })
                } catch {
                    failure.with { if $0 == nil { $0 = error } }
                }
            }
            itemsRead.with { $0 += writer.itemsRead }
        }
        tracker.finish()
        if let error = failure.current { throw error }
        let final = tracker.snapshot
        // The invariant the whole design rests on: nothing read is unaccounted for.
        guard final.items + rejects.count == itemsRead.current else {
            throw PumpError.accountingMismatch(read: itemsRead.current, written: final.items, rejected: rejects.count)
        }
        if let reason = gate.drainReason {
            throw PumpError.restoreStopped(table: table, reason: reason, written: final.items, unwritten: rejects.count, rejectsFile: rejects.path)
        }
        return RestoreResult(table: table, itemsInBackup: backup.expectedItems ?? itemsRead.current, written: final.items, rejected: rejects.count,
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
