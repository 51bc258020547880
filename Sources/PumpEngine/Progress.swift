import Foundation
import PumpSystem

/// A snapshot of a running backup or restore, for terminals and `--json` consumers.
public struct ProgressEvent: Sendable {
    public enum Phase: String, Sendable { case backup, restore }
    public var phase: Phase
    public var table: String
    public var items: Int
    public var bytes: Int
    /// DescribeTable's item count estimate (backup) or the backup's count (restore).
    public var expectedItems: Int?
    public var throttles: Int
    public var retriedItems: Int
    /// Items an earlier, interrupted run already restored (`--resume`), not counted in `items`.
    public var skipped = 0
    public var elapsed: Double
    public var finished: Bool
}

/// Receives progress events; the CLI decides how to show them.
public protocol ProgressReporter: Sendable {
    func report(_ event: ProgressEvent)
}

/// Counters workers update, and a ticker that reports them twice a second.
final class ProgressTracker: @unchecked Sendable {
    private let lock = NSLock()
    private var event: ProgressEvent
    private let reporter: (any ProgressReporter)?
    private let clock: any Clock
    private let start: Double
    private var stopped = false
    private let stopSignal = DispatchSemaphore(value: 0)
    private let tickerDone = DispatchSemaphore(value: 0)

    init(phase: ProgressEvent.Phase, table: String, expectedItems: Int?, reporter: (any ProgressReporter)?, clock: any Clock) {
        self.reporter = reporter
        self.clock = clock
        start = clock.monotonicSeconds()
        event = ProgressEvent(phase: phase, table: table, items: 0, bytes: 0, expectedItems: expectedItems,
                              throttles: 0, retriedItems: 0, elapsed: 0, finished: false)
        guard reporter != nil else { return }
        let thread = Thread { [self] in
            while stopSignal.wait(timeout: .now() + 0.5) == .timedOut {
                emit(finished: false)
            }
            tickerDone.signal()
        }
        thread.start()
    }

    func add(items: Int = 0, bytes: Int = 0, throttles: Int = 0, retriedItems: Int = 0, skipped: Int = 0) {
        lock.withLock {
            event.skipped += skipped
            event.items += items
            event.bytes += bytes
            event.throttles += throttles
            event.retriedItems += retriedItems
        }
    }

    var snapshot: ProgressEvent {
        lock.withLock {
            var copy = event
            copy.elapsed = clock.monotonicSeconds() - start
            return copy
        }
    }

    /// Stops the ticker and reports the final numbers once.
    func finish() {
        let first = lock.withLock { () -> Bool in
            defer { stopped = true }
            return !stopped
        }
        guard first, reporter != nil else { return }
        stopSignal.signal()
        tickerDone.wait()
        emit(finished: true)
    }

    private func emit(finished: Bool) {
        var current = snapshot
        current.finished = finished
        reporter?.report(current)
    }
}
