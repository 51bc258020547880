import Foundation
import PumpArchive
import PumpSystem

/// What a verification found.
public struct VerifyReport: Sendable {
    public var segments: Int
    public var items: Int
    /// Bytes read from disk (compressed where the format compresses).
    public var bytesRead: Int
    public var seconds: Double
}

/// Reads a whole backup the way a restore would and checks everything: each segment's
/// size and checksum, every line's JSON and item shape, key attributes, and the counts.
/// Segments are checked in parallel; the first problem found is reported.
public struct BackupVerifier: Sendable {
    public var clock: any Clock
    public var concurrency: Int

    public init(clock: any Clock = SystemClock(), concurrency: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.clock = clock
        self.concurrency = max(1, concurrency)
    }

    public func verify(_ source: any BackupSource) throws -> VerifyReport {
        let start = clock.monotonicSeconds()
        let check = ItemCheck(keys: source.keySchema ?? [])
        let queue = Shared(Array(source.segments.reversed()))
        let failure = Shared<(any Error)?>(nil)
        let totals = Shared((items: 0, bytes: 0))
        WorkerPool.run(workers: min(concurrency, max(1, source.segments.count))) { _ in
            while failure.current == nil, let segment = queue.with({ $0.popLast() }) {
                do {
                    try segment.verifyChecksum()
                    var count = 0
                    try segment.forEachItem { item, line in
                        if let problem = check.problem(in: item) {
                            throw ArchiveError.invalidLine(path: segment.path, line: line, detail: problem)
                        }
                        count += 1
                    }
                    let size = (try? FileManager.default.attributesOfItem(atPath: segment.path)[.size] as? Int) ?? 0
                    totals.with { $0.items += count; $0.bytes += size }
                } catch {
                    failure.with { if $0 == nil { $0 = error } }
                }
            }
        }
        if let error = failure.current { throw error }
        let result = totals.current
        if let expected = source.expectedItems, expected != result.items {
            throw ArchiveError.countMismatch(path: source.location, expected: expected, actual: result.items)
        }
        return VerifyReport(segments: source.segments.count, items: result.items, bytesRead: result.bytes, seconds: clock.monotonicSeconds() - start)
    }
}
