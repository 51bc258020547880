import PumpArchive
import PumpDynamoDB
import PumpSystem

/// One restore worker: reads a segment's items and writes them in batches of at most 25.
///
/// Every item read leaves in exactly one of two ways: DynamoDB acknowledged it, or it went
/// to the rejects file with a reason (invalid for the table, refused on its own by
/// DynamoDB, or left unwritten when the gate drained). UnprocessedItems and throttles are
/// waited out for as long as the table makes progress.
final class BatchWriter {
    private struct Pending {
        var item: [UInt8]
        var source: String
    }

    private let client: DynamoDBClient
    private let table: String
    private let itemKey: ItemKey
    private let tracker: ProgressTracker
    private let rejects: RejectsFile
    private let limiter: CapacityRateLimiter
    private let gate: RestoreGate
    private var backoff: ThrottleBackoff
    private(set) var itemsRead = 0

    init(client: DynamoDBClient, table: String, itemKey: ItemKey, clock: any Clock, tracker: ProgressTracker, rejects: RejectsFile,
         limiter: CapacityRateLimiter, gate: RestoreGate) {
        self.client = client
        self.table = table
        self.itemKey = itemKey
        self.tracker = tracker
        self.rejects = rejects
        self.limiter = limiter
        self.gate = gate
        backoff = ThrottleBackoff(clock: clock, random: client.configuration.random)
        // The gate's stall timeout bounds how long failures are retried, not a count.
        backoff.maxConsecutiveTransient = .max
    }

    func restore(_ segment: any SegmentSource, shouldStop: () -> Bool) throws {
        var batch: [Pending] = []
        var keys = Set<[UInt8]>()
        batch.reserveCapacity(DynamoDBClient.maxBatchItems)
        try segment.forEachItem { item, line in
            itemsRead += 1
            let pending = Pending(item: Array(item), source: "\(segment.name):\(line)")
            if let reason = gate.drainReason {
                return try reject(pending, reason: "not written: \(reason)")
            }
            switch itemKey.extract(item) {
            case .invalid(let reason):
                try reject(pending, reason: reason)
            case .key(let key):
                // DynamoDB refuses a batch holding one key twice: send what we have first.
                if keys.contains(key) { try flush(&batch, &keys) }
                batch.append(pending)
                keys.insert(key)
                if batch.count == DynamoDBClient.maxBatchItems {
                    if shouldStop() { throw StopRequested() }
                    try flush(&batch, &keys)
                }
            }
        }
        try flush(&batch, &keys)
    }

    private func flush(_ batch: inout [Pending], _ keys: inout Set<[UInt8]>) throws {
        guard !batch.isEmpty else { return }
        try write(batch)
        batch.removeAll(keepingCapacity: true)
        keys.removeAll(keepingCapacity: true)
    }

    private func write(_ items: [Pending]) throws {
        var pending = items
        while !pending.isEmpty {
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
                // Nothing will make this work (auth, a deleted table): account for every item left.
                gate.drain(because: "\(error)")
                continue
            }
            limiter.record(consumed: result.consumedCapacity)
            let accepted = pending.count - result.unprocessed.count
            if accepted > 0 { gate.progressed() }
            tracker.add(items: accepted, bytes: pending.reduce(0) { $0 + $1.item.count })
            if result.unprocessed.isEmpty {
                backoff.reset()
                return
            }
            // Most of a batch coming back is DynamoDB asking for less: slow down like a throttle.
            // A few items back (one hot partition) are left to the per-item backoff below, or
            // every partial return would hold the whole restore at the limiter's floor.
            if result.unprocessed.count * 2 > pending.count { limiter.recordThrottle() }
            tracker.add(retriedItems: result.unprocessed.count)
            let origin = pending[0].source
            pending = result.unprocessed.map { Pending(item: $0, source: "UnprocessedItems of \(origin)") }
            gate.checkStall()
            backoff.waitForUnprocessed()
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
        try reject(items[0], reason: reason)
    }

    private func reject(_ item: Pending, reason: String) throws {
        try rejects.reject(item: item.item, reason: reason, source: item.source, table: table)
    }
}

/// Another worker failed; this one stops between batches.
struct StopRequested: Error {}
