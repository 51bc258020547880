import Foundation
import PumpSystem

/// Shared by a restore's workers. It notices when the table has accepted nothing for too
/// long and from then on routes every unwritten item to the rejects file (drain), so the
/// run ends with nothing unaccounted; and it stops all workers at once (halt) on Ctrl-C or
/// an error no retry can fix, leaving the rest to `--resume`.
final class RestoreGate: @unchecked Sendable {
    private let lock = NSLock()
    private let clock: any Clock
    private let stallTimeout: Double
    private var lastProgress: Double
    private var drain: String?
    private var halt: String?
    private let stop: StopSignal

    init(clock: any Clock, stallTimeout: Double, stop: StopSignal) {
        self.clock = clock
        self.stallTimeout = stallTimeout
        self.stop = stop
        lastProgress = clock.monotonicSeconds()
    }

    /// Why items are being drained to the rejects file, nil while writing normally.
    var drainReason: String? { lock.withLock { drain } }

    /// Why the restore is stopping, nil while it goes on.
    var haltReason: String? {
        if stop.isRequested { halt(because: "stopped by the operator (Ctrl-C)") }
        return lock.withLock { halt }
    }

    var haltedByOperator: Bool { stop.isRequested }

    /// Throws once the restore is stopping, so a worker abandons what it holds.
    func checkHalt() throws {
        if let reason = haltReason { throw RestoreHalted(reason: reason) }
    }

    /// DynamoDB accepted at least one item.
    func progressed() {
        lock.withLock { lastProgress = clock.monotonicSeconds() }
    }

    /// Call while waiting on a table that accepts nothing; starts draining after the timeout.
    func checkStall() {
        lock.withLock {
            if drain == nil, clock.monotonicSeconds() - lastProgress > stallTimeout {
                drain = "the table accepted no writes for \(Int(stallTimeout)) s (--stall-timeout)"
            }
        }
    }

    /// Stops every worker; the first reason given is the one reported.
    func halt(because why: String) {
        lock.withLock { if halt == nil { halt = why } }
    }
}

/// Thrown inside a worker when the gate halts the restore.
struct RestoreHalted: Error {
    var reason: String
}
