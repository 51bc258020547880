import Foundation
import PumpDynamoDB
import PumpSystem

/// Keeps a table's consumed capacity units per second under a limit, shared by all workers.
///
/// A token bucket of capacity units, refilled at the allowed rate: a worker waits until the
/// bucket is positive, sends, and pays what the response's ConsumedCapacity says (the cost of
/// a Scan page is only known afterwards, so the bucket may go negative and later requests
/// wait). The allowed rate is the operator's limit, lowered on throttling and regrown along
/// the SDKs' CUBIC curve — their adaptive mode, counted in capacity units instead of requests.
public final class CapacityRateLimiter: @unchecked Sendable {
    /// At most this much unused capacity is saved up, so an idle spell cannot turn into a burst.
    static let burstSeconds = 1.0
    static let minimumRate = 1.0
    static let unmeasuredRate = 25.0
    /// Throttles within this many seconds of a cut are the same congestion event: one cut each,
    /// as TCP reduces once per round trip. Without it, a burst of throttled responses from
    /// workers in flight would compound into a collapse to the floor.
    static let cutCooldown = 1.0
    /// The rate never sinks below this share of the best rate seen (or of the limit), so a
    /// noisy signal slows a restore down instead of stopping it.
    static let floorShare = 0.1

    private let lock = NSLock()
    private let clock: any Clock
    private let limit: Double?
    private let curve: RateCurve
    private var growth: RateCurveState?
    private var rate: Double?
    private var tokens: Double
    private var lastRefill: Double
    private var measured = MeasuredRate()
    private var lastCut = -Double.infinity
    private var bestRate = 0.0

    /// `limit` in capacity units per second; nil means no limit until DynamoDB throttles.
    public init(limit: Double?, clock: any Clock, curve: RateCurve = .cubic) {
        self.clock = clock
        self.curve = curve
        self.limit = limit
        rate = limit
        let now = clock.monotonicSeconds()
        lastRefill = now
        tokens = limit.map { $0 * Self.burstSeconds } ?? 0
    }

    /// The rate currently allowed (units/s), nil while unlimited.
    public var allowedRate: Double? { lock.withLock { rate } }

    /// Blocks until a request may be sent.
    public func acquire() {
        while true {
            let wait: Double = lock.withLock {
                guard let rate else { return 0 }
                refill(rate: rate)
                return tokens > 0 ? 0 : (-tokens + 0.001) / rate
            }
            if wait <= 0 { return }
            clock.sleep(seconds: min(wait, 1))
        }
    }

    /// Pays for a successful request and lets the rate grow back.
    public func record(consumed units: Double) {
        lock.withLock {
            let now = clock.monotonicSeconds()
            measured.add(units, at: now)
            bestRate = max(bestRate, measured.rate(at: now) ?? 0)
            if let rate { refill(rate: rate) }
            tokens -= units
            if let growth {
                rate = clamp(growth.successReceived(at: now))
            }
        }
    }

    /// A throttle: cut the rate to 70 % of what was actually flowing.
    public func recordThrottle() {
        lock.withLock {
            let now = clock.monotonicSeconds()
            guard now - lastCut >= Self.cutCooldown else { return }
            lastCut = now
            // Throttled before anything was measured: assume one full batch per second and let CUBIC find the rest.
            let flowing = min(measured.rate(at: now) ?? rate ?? Self.unmeasuredRate, rate ?? .infinity)
            var calculator = growth ?? RateCurveState(curve, startingMaxRate: flowing, startTime: now)
            rate = clamp(calculator.errorReceived(currentRate: flowing, at: now))
            growth = calculator
            tokens = min(tokens, 0)
        }
    }

    private func clamp(_ value: Double) -> Double {
        let floor = max(Self.minimumRate, Self.floorShare * (limit ?? bestRate))
        return max(floor, min(value, limit ?? .infinity))
    }

    private func refill(rate: Double) {
        let now = clock.monotonicSeconds()
        tokens = min(tokens + (now - lastRefill) * rate, rate * Self.burstSeconds)
        lastRefill = now
    }
}

/// Units per second over the last half-second windows, smoothed like botocore's RateClocker.
/// Before the first window closes it is the average since the first unit, so a throttle in
/// the first half-second (a restore emptying a table's burst) still cuts from what flowed,
/// not from nothing: cutting from "unknown" once dropped a restore to 1 unit per second.
struct MeasuredRate {
    private var window: Double = -1
    private var amount = 0.0
    private var smoothed: Double?
    private var total = 0.0
    private var start: Double?

    mutating func add(_ units: Double, at time: Double) {
        if start == nil { start = time }
        total += units
        let bucket = (time * 2).rounded(.down) / 2
        if bucket > window {
            if window >= 0 {
                let current = amount / max(0.5, bucket - window)
                smoothed = smoothed.map { 0.8 * current + 0.2 * $0 } ?? current
            }
            window = bucket
            amount = 0
        }
        amount += units
    }

    func rate(at time: Double) -> Double? {
        if let smoothed { return smoothed }
        guard let start, total > 0 else { return nil }
        return total / max(0.5, time - start)
    }
}

extension DynamoDBClientFactory {
    /// Clients whose own throttled retries also slow the limiter and count in progress:
    /// the client retries a throttle before the engine ever sees it.
    ///
    /// Their throttling retries wait on the transient scale (25 ms) instead of the SDKs' 1 s:
    /// the shared limiter paces every worker after a throttle, while second-scale sleeps in
    /// each worker left the table idle for up to 7 s per throttle (measured: a restore capped
    /// at 300 WCU/s sent nothing for 9 s after its first throttle).
    func reportingThrottles(to limiter: CapacityRateLimiter, tracker: ProgressTracker) -> DynamoDBClientFactory {
        var copy = self
        copy.configuration.retryPolicy.throttlingBaseScale = configuration.retryPolicy.transientBaseScale
        let previous = configuration.onRetry
        copy.configuration.onRetry = { event in
            if event.retryClass == .throttling {
                limiter.recordThrottle()
                tracker.add(throttles: 1)
            }
            previous?(event)
        }
        return copy
    }
}
