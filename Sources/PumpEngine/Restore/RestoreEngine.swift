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
    /// `--rename` and `--transform`: how items change for a table with other keys.
    public var mapping = ItemMapping()
    /// Where the restore records its progress; nil restores without one (no `--resume`).
    public var journal: RestoreJournal?
    /// Continue the restore the journal describes: the target is expected to hold items.
    public var resuming = false
    /// How the write rate adapts to throttling (CUBIC; AIMD for comparison runs).
    public var rateCurve = RateCurve.cubic

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
    /// Items an earlier, interrupted run of this restore had already written or rejected.
    public var skipped = 0
    /// Items rejected over all runs of this restore (the journal keeps earlier runs' count).
    public var rejectedTotal = 0
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
            // The interrupted run created this table; its TTL and PITR are still to be applied.
            if options.createTable && options.resuming, let document = backup.tableDocument {
                blueprint = try TableBlueprint(document: document, tableName: table)
            }
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
        // With a --transform the program decides the keys, and each item is checked instead.
        if let keys = backup.keySchema, let mapped = options.mapping.mappedKeys(keys) {
            var differences = Self.keyDifferences(backup: mapped, target: target)
            if !differences.isEmpty && !options.mapping.renames.isEmpty { differences.append("(after \(options.mapping.flags))") }
            guard differences.isEmpty else { throw PumpError.keySchemaMismatch(table: table, differences: differences) }
        }
        var emptyAtStart = true
        if !options.resuming {
            emptyAtStart = try client.scan(ScanRequest(tableName: table, limit: 1)).count == 0
            if !emptyAtStart && !options.force { throw PumpError.targetNotEmpty(table: table) }
        }
        if options.verifyChecksums && blueprint == nil {
            // The whole backup is read and checked before the first write: a corrupt backup
            // is refused, never half-restored.
            _ = try BackupVerifier(clock: clock, concurrency: options.concurrency).verify(backup)
        }
        let boost = try CapacityBoost(table: target, to: options.boostWriteCapacity, client: client)
        defer { boost.restore() }
        try options.journal?.begin(emptyAtStart: emptyAtStart)
        let result = try pump(backup, into: table, target: target, options: options, startedAt: startedAt)
        try blueprint?.applySettings(with: client, name: table)
        return result
    }

    private func pump(_ backup: any BackupSource, into table: String, target: TableDescription, options: RestoreOptions, startedAt: Double) throws -> RestoreResult {

        let rejects = RejectsFile(path: options.rejectsPath ?? "\(table).rejects.jsonl")
        defer { rejects.close() }
        let tracker = ProgressTracker(phase: .restore, table: table, expectedItems: backup.expectedItems, reporter: progress, clock: clock)
        let limiter = CapacityRateLimiter(limit: try options.writeLimit(for: target), clock: clock, curve: options.rateCurve)
        let gate = RestoreGate(clock: clock, stallTimeout: options.stallTimeout, stop: stop)
        let itemKey = ItemKey(table: target)
        let clients = self.clients.reportingThrottles(to: limiter, tracker: tracker)
        let queue = Shared(Array(backup.segments.reversed()))
        let failure = Shared<(any Error)?>(nil)
        let counts = Shared((read: 0, skipped: 0))
        let factory = clients, clock = self.clock
        let backupID = URL(fileURLWithPath: backup.location).standardizedFileURL.path
        WorkerPool.run(workers: min(options.concurrency, max(1, backup.segments.count))) { _ in
            let writer = BatchWriter(client: factory.makeClient(), table: table, itemKey: itemKey, mapping: options.mapping, journal: options.journal,
                                     clock: clock, tracker: tracker, rejects: rejects, limiter: limiter, gate: gate)
            while gate.haltReason == nil, let segment = queue.with({ $0.popLast() }) {
                do {
                    try writer.restore(segment, backup: backupID)
                } catch is RestoreHalted {
                    break
                } catch {
                    // The first failure stops every worker; what is done stays in the journal.
                    failure.with { if $0 == nil { $0 = error } }
                    gate.halt(because: "\(error)")
                }
            }
            counts.with { $0.read += writer.itemsRead; $0.skipped += writer.itemsSkipped }
        }
        tracker.finish()
        let final = tracker.snapshot
        if let reason = gate.haltReason {
            // A failure before anything was done (a broken --transform) is reported as itself: there is nothing to resume.
            if !gate.haltedByOperator, let error = failure.current, !(options.journal?.hasProgress ?? false) { throw error }
            throw PumpError.restoreHalted(table: table, reason: reason, written: final.items, journal: options.journal?.path, byOperator: gate.haltedByOperator)
        }
        // The invariant the whole design rests on: nothing read is unaccounted for.
        guard final.items + rejects.count == counts.current.read else {
            throw PumpError.accountingMismatch(read: counts.current.read, written: final.items, rejected: rejects.count)
        }
        if let reason = gate.drainReason {
            throw PumpError.restoreStopped(table: table, reason: reason, written: final.items, unwritten: rejects.count, rejectsFile: rejects.path)
        }
        return RestoreResult(table: table, itemsInBackup: backup.expectedItems ?? (counts.current.read + counts.current.skipped), written: final.items,
                             rejected: rejects.count, retriedItems: final.retriedItems, throttles: final.throttles,
                             rejectsFile: rejects.count > 0 ? rejects.path : nil, seconds: clock.monotonicSeconds() - startedAt,
                             skipped: counts.current.skipped, rejectedTotal: options.journal?.rejected(backup: backupID) ?? rejects.count)
    }

    /// Key names, roles and types that differ between the backup and the target table.
    static func keyDifferences(backup: [Manifest.Key], target: TableDescription) -> [String] {
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
        return differences
    }
}
