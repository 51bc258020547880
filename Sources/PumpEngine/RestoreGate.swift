import Foundation
import PumpSystem

/// Shared by a restore's workers: notices when the table has accepted nothing for too long,
/// or when a worker hit an error no retry can fix, and from then on routes every unwritten
/// item to the rejects file instead of the table, so the run ends with nothing unaccounted.
final class RestoreGate: @unchecked Sendable {
    private let lock = NSLock()
    private let clock: any Clock
    private let stallTimeout: Double
    private var lastProgress: Double
    private var reason: String?
    private let stop: StopSignal

    init(clock: any Clock, stallTimeout: Double, stop: StopSignal) {
        self.clock = clock
        self.stallTimeout = stallTimeout
        self.stop = stop
        lastProgress = clock.monotonicSeconds()
    }

    /// Why items are being drained to the rejects file, nil while writing normally.
    var drainReason: String? {
        if stop.isRequested { drain(because: "stopped by the operator (Ctrl-C)") }
        return lock.withLock { reason }
    }

    /// DynamoDB accepted at least one item.
    func progressed() {
        lock.withLock { lastProgress = clock.monotonicSeconds() }
    }

    /// Call while waiting on a table that accepts nothing; starts draining after the timeout.
    func checkStall() {
        lock.withLock {
            if reason == nil, clock.monotonicSeconds() - lastProgress > stallTimeout {
                reason = "the table accepted no writes for \(Int(stallTimeout)) s (--stall-timeout)"
            }
        }
    }

    /// Stops writing for good: `why` becomes the rejects reason for everything left.
    func drain(because why: String) {
        lock.withLock { if reason == nil { reason = why } }
    }
}
