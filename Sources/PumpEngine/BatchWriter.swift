import PumpArchive
import PumpDynamoDB
import PumpSystem

/// One restore worker: reads a segment's items and writes them in batches of 25.
///
/// An item leaves this writer in exactly one of two ways: DynamoDB acknowledged it, or it
/// was rejected (ValidationException on its own) and written to the rejects file.
/// UnprocessedItems are re-sent with backoff for as long as it takes.
final class BatchWriter {
    private struct Pending {
        var item: [UInt8]
        var source: String
    }

    private let client: DynamoDBClient
    private let table: String
    private let tracker: ProgressTracker
    private let rejects: RejectsFile
    private var backoff: ThrottleBackoff

    init(client: DynamoDBClient, table: String, clock: any Clock, tracker: ProgressTracker, rejects: RejectsFile) {
        self.client = client
        self.table = table
        self.tracker = tracker
        self.rejects = rejects
        backoff = ThrottleBackoff(clock: clock, random: client.configuration.random)
    }

    func restore(_ segment: any SegmentSource, shouldStop: () -> Bool) throws {
        var batch: [Pending] = []
        batch.reserveCapacity(DynamoDBClient.maxBatchItems)
        try segment.forEachItem { item, line in
            batch.append(Pending(item: Array(item), source: "\(segment.name):\(line)"))
            if batch.count == DynamoDBClient.maxBatchItems {
                if shouldStop() { throw StopRequested() }
                try write(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        if !batch.isEmpty { try write(batch) }
    }

    private func write(_ items: [Pending]) throws {
        var pending = items
        while !pending.isEmpty {
            let result: BatchWriteResult
            switch attempt(pending) {
            case .success(let value):
                result = value
            case .failure(let error):
                if let retryClass = RetryPolicy.classify(error.kind) {
                    tracker.add(throttles: retryClass == .throttling ? 1 : 0)
                    try backoff.wait(after: error)
                    continue
                }
                guard error.code == "ValidationException" else { throw error }
                try isolate(pending, error: error)
                return
            }
            tracker.add(items: pending.count - result.unprocessed.count, bytes: pending.reduce(0) { $0 + $1.item.count })
            if result.unprocessed.isEmpty {
                backoff.reset()
                return
            }
            tracker.add(retriedItems: result.unprocessed.count)
            let origin = pending[0].source
            pending = result.unprocessed.map { Pending(item: $0, source: "UnprocessedItems of \(origin)") }
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
        try rejects.reject(item: items[0].item, reason: reason, source: items[0].source)
    }
}

/// Another worker failed; this one stops between batches.
struct StopRequested: Error {}
