import Foundation
import PumpArchive
import PumpDynamoDB
import PumpSystem

/// One worker's pass over one scan segment, resumable: it starts from the segment's
/// checkpoint, writes pages into part files, and checkpoints every `interval` seconds and
/// at every part boundary, always after the data is durable (docs/FORMAT.md, "Resume").
struct SegmentScan {
    let segment: Int
    let run: BackupRun
    let client: DynamoDBClient
    let writer: BackupWriter
    let store: CheckpointStore
    let limiter: CapacityRateLimiter
    let tracker: ProgressTracker
    let clock: any Clock
    let interval: Double
    let shouldStop: () -> Bool

    /// Returns true when the segment is complete, false when it stopped early (resumable).
    func perform() throws -> Bool {
        var state = try store.load(segment: segment) ?? .start(segment: segment)
        for file in state.files {
            try SegmentWriter.publishIfNeeded(directory: writer.directory, file: file)
            writer.record(file)
        }
        if state.done { return true }

        var file = try writer.resumeSegment(scanSegment: segment, part: state.part, durableBytes: state.durableBytes,
                                            items: state.durableItems, uncompressedBytes: state.durableUncompressedBytes)
        var request = ScanRequest(tableName: run.table, segment: segment, totalSegments: run.totalSegments,
                                  exclusiveStartKey: state.lastEvaluatedKey.map { Array($0.utf8) }, consistentRead: run.consistentRead)
        var backoff = ThrottleBackoff(clock: clock, random: client.configuration.random)
        var lastCheckpoint = clock.monotonicSeconds()
        while true {
            if shouldStop() {
                try checkpoint(&state, file: file, key: request.exclusiveStartKey)
                return false
            }
            limiter.acquire()
            let page: ScanPage
            do {
                page = try client.scan(request)
            } catch {
                if case .throttling = RetryPolicy.classify(error.kind) { limiter.recordThrottle() }
                do {
                    try backoff.wait(after: error)
                } catch {
                    // Giving up: keep what is durable so `--resume` continues from here.
                    try? checkpoint(&state, file: file, key: request.exclusiveStartKey)
                    throw error
                }
                continue
            }
            backoff.reset()
            limiter.record(consumed: page.consumedCapacity)
            try file.append(items: page.items, of: page.body)
            tracker.add(items: page.count, bytes: page.body.count)
            request.exclusiveStartKey = page.lastEvaluatedKey

            if page.lastEvaluatedKey == nil || file.size >= run.segmentSize {
                let done = page.lastEvaluatedKey == nil
                let sealed = try file.seal()
                state.files.append(sealed)
                state.part += 1
                state.durableBytes = 0
                state.durableItems = 0
                state.durableUncompressedBytes = 0
                state.lastEvaluatedKey = request.exclusiveStartKey.map { String(decoding: $0, as: UTF8.self) }
                state.done = done
                try store.save(state)
                try file.publish()
                writer.record(sealed)
                if done { return true }
                file = try writer.resumeSegment(scanSegment: segment, part: state.part, durableBytes: 0, items: 0, uncompressedBytes: 0)
                lastCheckpoint = clock.monotonicSeconds()
            } else if clock.monotonicSeconds() - lastCheckpoint >= interval {
                try checkpoint(&state, file: file, key: request.exclusiveStartKey)
                lastCheckpoint = clock.monotonicSeconds()
            }
        }
    }

    private func checkpoint(_ state: inout SegmentCheckpoint, file: SegmentWriter, key: [UInt8]?) throws {
        let durable = try file.checkpoint()
        state.durableBytes = durable.durableBytes
        state.durableItems = durable.items
        state.durableUncompressedBytes = durable.uncompressedBytes
        state.lastEvaluatedKey = key.map { String(decoding: $0, as: UTF8.self) }
        try store.save(state)
    }
}
