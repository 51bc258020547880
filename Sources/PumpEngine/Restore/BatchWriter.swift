import PumpArchive
import PumpDynamoDB
import PumpSystem

/// One restore worker: reads a segment's items and writes them in batches of at most 25.
///
/// Every item read leaves in exactly one of two ways: DynamoDB acknowledged it, or it went
/// to the rejects file with a reason (invalid for the table, refused on its own by
/// DynamoDB, or left unwritten when the gate drained). UnprocessedItems and throttles are
/// waited out for as long as the table makes progress. When the gate halts the restore,
/// the batch in flight is abandoned: the journal never claimed it, so `--resume` writes it.
final class BatchWriter {
    private struct Pending {
        /// The bytes sent to DynamoDB.
        var item: [UInt8]
        /// The item as the backup holds it, when a mapping changed it.
        var original: [UInt8]?
        var key: BatchKey
        /// The segment (or other origin) and line, joined into text only for a rejects line.
        var origin: String
        var line: Int

        var source: String { line > 0 ? "\(origin):\(line)" : origin }
    }

    private let client: DynamoDBClient
    private let table: String
    private let itemKey: ItemKey
    private let mapping: ItemMapping
    private let journal: RestoreJournal?
    private let clock: any Clock
    private let tracker: ProgressTracker
    private let rejects: RejectsFile
    private let limiter: CapacityRateLimiter
    private let gate: RestoreGate
    private var backoff: ThrottleBackoff
    private(set) var itemsRead = 0
    private(set) var itemsSkipped = 0
    /// Lines of the current segment: everything through `readThrough` is batched or rejected,
    /// everything through `doneThrough` acknowledged or rejected.
    private var readThrough = 0, doneThrough = 0, recordedThrough = 0
    private var rejectedInSegment = 0, rejectedWhenDone = 0
    private var lastRecord = 0.0
    private var backup = ""

    init(client: DynamoDBClient, table: String, itemKey: ItemKey, mapping: ItemMapping, journal: RestoreJournal?, clock: any Clock,
         tracker: ProgressTracker, rejects: RejectsFile, limiter: CapacityRateLimiter, gate: RestoreGate) {
        self.client = client
        self.table = table
        self.itemKey = itemKey
        self.mapping = mapping
        self.journal = journal
        self.clock = clock
        self.tracker = tracker
        self.rejects = rejects
        self.limiter = limiter
        self.gate = gate
        backoff = ThrottleBackoff(clock: clock, random: client.configuration.random)
        // The gate's stall timeout bounds how long failures are retried, not a count.
        backoff.maxConsecutiveTransient = .max
    }

    func restore(_ segment: any SegmentSource, backup: String) throws {
        self.backup = backup
        let mark = journal?.progress(backup: backup, segment: segment.name)
        if let mark, mark.complete {
            itemsSkipped += mark.through
            tracker.add(skipped: mark.through)
            return
        }
        readThrough = mark?.through ?? 0
        doneThrough = readThrough
        recordedThrough = readThrough
        rejectedInSegment = mark?.rejected ?? 0
        rejectedWhenDone = rejectedInSegment
        var batch: [Pending] = []
        var keys = Set<BatchKey>()
        batch.reserveCapacity(DynamoDBClient.maxBatchItems)
        do {
            let skipped = try mapping.forEachItem(in: segment, skipThrough: readThrough) { item in
                try gate.checkHalt()
                itemsRead += 1
                try take(item, segment: segment, into: &batch, keys: &keys)
                readThrough = item.line
            }
            itemsSkipped += skipped
            tracker.add(skipped: skipped)
            try flush(&batch, &keys, segment: segment)
            try journal?.record(.init(backup: backup, segment: segment.name, through: readThrough, rejected: rejectedInSegment, complete: true))
        } catch {
            // Whatever was acknowledged before the stop is kept in the journal.
            if doneThrough > recordedThrough {
                try? journal?.record(.init(backup: backup, segment: segment.name, through: doneThrough, rejected: rejectedWhenDone, complete: false))
            }
            throw error
        }
    }

    private func take(_ item: MappedItem, segment: any SegmentSource, into batch: inout [Pending], keys: inout Set<BatchKey>) throws {
        let original = mapping.isIdentity ? nil : Array(item.original)
        func reject(_ reason: String) throws {
            try self.reject(Pending(item: original ?? Array(item.original), original: nil, key: BatchKey([]), origin: segment.name, line: item.line), reason: reason)
        }
        if let reason = gate.drainReason { return try reject("not written: \(reason)") }
        let mapped: UnsafeBufferPointer<UInt8>
        switch item.mapped {
        case .failure(let failure): return try reject(failure.reason)
        case .success(let bytes): mapped = bytes
        }
        switch itemKey.extract(mapped) {
        case .invalid(let reason):
            try reject(mapping.isIdentity ? reason : "after \(mapping.flags): \(reason)")
        case .key(let bytes):
            let key = BatchKey(bytes)
            // DynamoDB refuses a batch holding one key twice: send what we have first.
            if keys.contains(key) { try flush(&batch, &keys, segment: segment) }
            batch.append(Pending(item: Array(mapped), original: original, key: key, origin: segment.name, line: item.line))
            keys.insert(key)
            if batch.count == DynamoDBClient.maxBatchItems {
                readThrough = item.line
                try flush(&batch, &keys, segment: segment)
            }
        }
    }

    /// Writes the batch; then everything read so far is done, which the journal learns at most once a second.
    private func flush(_ batch: inout [Pending], _ keys: inout Set<BatchKey>, segment: any SegmentSource) throws {
        if !batch.isEmpty {
            try write(batch)
            batch.removeAll(keepingCapacity: true)
            keys.removeAll(keepingCapacity: true)
        }
        doneThrough = readThrough
        rejectedWhenDone = rejectedInSegment
        if let journal, doneThrough > recordedThrough, clock.monotonicSeconds() - lastRecord >= 1 {
            try journal.record(.init(backup: backup, segment: segment.name, through: doneThrough, rejected: rejectedWhenDone, complete: false))
            recordedThrough = doneThrough
            lastRecord = clock.monotonicSeconds()
        }
    }

    private func write(_ items: [Pending]) throws {
        var pending = items
        while !pending.isEmpty {
            try gate.checkHalt()
            if let reason = gate.drainReason {
                for item in pending { try reject(item, reason: "not written: \(reason)") }
                return
            }
            limiter.acquire()
            let result: BatchWriteResult
            switch attempt(pending) {
            case .success(let value):
                result = value
            case .failure(let error):
                if let retryClass = RetryPolicy.classify(error.kind) {
                    if retryClass == .throttling {
                        limiter.recordThrottle()
                        tracker.add(throttles: 1)
                    }
                    gate.checkStall()
                    try backoff.wait(after: error)
                    continue
                }
                if error.code == "ValidationException" {
                    try isolate(pending, error: error)
                    return
                }
                // Nothing will make this work (auth, a deleted table): stop, resumable.
                gate.halt(because: "\(error)")
                continue
            }
            limiter.record(consumed: result.consumedCapacity)
            let accepted = pending.count - result.unprocessed.count
            if accepted > 0 { gate.progressed() }
            if result.unprocessed.isEmpty {
                tracker.add(items: accepted, bytes: pending.reduce(0) { $0 + $1.item.count })
                backoff.reset()
                return
            }
            // Most of a batch coming back is DynamoDB asking for less: slow down like a throttle.
            // A few items back (one hot partition) are left to the per-item backoff below, or
            // every partial return would hold the whole restore at the limiter's floor.
            if result.unprocessed.count * 2 > pending.count { limiter.recordThrottle() }
            tracker.add(retriedItems: result.unprocessed.count)
            let remaining = unprocessed(result.unprocessed, of: pending)
            tracker.add(items: accepted, bytes: pending.reduce(0) { $0 + $1.item.count } - remaining.reduce(0) { $0 + $1.item.count })
            pending = remaining
            gate.checkStall()
            backoff.waitForUnprocessed()
        }
    }

    /// The pending entries DynamoDB returned, found by key so each keeps its original bytes
    /// and source line; an item that matches none is kept as DynamoDB returned it.
    private func unprocessed(_ returned: [[UInt8]], of pending: [Pending]) -> [Pending] {
        var byKey: [BatchKey: Pending] = [:]
        for entry in pending { byKey[entry.key] = entry }
        return returned.map { item in
            let key = item.withUnsafeBufferPointer { itemKey.extract($0) }
            if case .key(let bytes) = key, let entry = byKey[BatchKey(bytes)] { return entry }
            return Pending(item: item, original: nil, key: BatchKey([]), origin: "UnprocessedItems of \(pending[0].source)", line: 0)
        }
    }

    private func attempt(_ pending: [Pending]) -> Result<BatchWriteResult, DynamoDBError> {
        Result { () throws(DynamoDBError) in try client.batchWrite(table: table, items: pending.map { $0.item[...] }) }
    }

    /// A ValidationException rejects the whole batch; write its items one by one so only
    /// the offending items are rejected.
    private func isolate(_ items: [Pending], error: DynamoDBError) throws {
        guard items.count == 1 else {
            for item in items { try write([item]) }
            return
        }
        var reason = "\(error.code ?? "error")"
        if case .service(_, let message, _) = error.kind { reason += ": \(message)" }
        if !mapping.isIdentity { reason = "after \(mapping.flags): " + reason }
        try reject(items[0], reason: reason)
    }

    private func reject(_ item: Pending, reason: String) throws {
        rejectedInSegment += 1
        try rejects.reject(item: item.original ?? item.item, reason: reason, source: item.source, table: table)
    }
}

/// An item's key bytes, hashed in one call rather than byte by byte (a Set of [UInt8] showed
/// up in restore profiles).
struct BatchKey: Hashable {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }
}
