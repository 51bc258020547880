import Foundation

/// Time as pump sees it. Injected so backoff, rate control and timestamps are testable
/// without sleeping or depending on the wall clock.
public protocol Clock: Sendable {
    /// Wall-clock time, for signatures, manifests and folder names.
    func now() -> Date
    /// Monotonic seconds since an arbitrary origin, for measuring durations.
    func monotonicSeconds() -> Double
    /// Blocks the calling thread; engines run on their own threads, never on the cooperative pool.
    func sleep(seconds: Double)
}

/// The real clock.
public struct SystemClock: Clock {
    public init() {}

    public func now() -> Date { Date() }

    public func monotonicSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    public func sleep(seconds: Double) {
        guard seconds > 0 else { return }
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - Double(Int(seconds))) * 1e9))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR {
            request = remaining
        }
    }
}

/// A clock that only moves when told to; `sleep` advances it and records the request.
public final class ManualClock: Clock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    private var monotonic: Double = 0
    private var slept: [Double] = []

    public init(start: Date = Date(timeIntervalSince1970: 1_700_000_000)) {
        current = start
    }

    public func now() -> Date { lock.withLock { current } }
    public func monotonicSeconds() -> Double { lock.withLock { monotonic } }

    public func sleep(seconds: Double) {
        advance(by: seconds)
        lock.withLock { slept.append(seconds) }
    }

    public func advance(by seconds: Double) {
        lock.withLock {
            current = current.addingTimeInterval(seconds)
            monotonic += seconds
        }
    }

    /// Every duration passed to `sleep`, in order.
    public var sleeps: [Double] { lock.withLock { slept } }
}
