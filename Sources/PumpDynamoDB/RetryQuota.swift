import Foundation

/// The standard mode's client-wide retry budget: retries spend tokens, successes earn
/// them back, so a failing endpoint is not hammered by every worker at once.
public final class RetryQuota: @unchecked Sendable {
    public static let initialCapacity = 500
    public static let throttlingCost = 5
    public static let transientCost = 14
    public static let successIncrement = 1

    private let lock = NSLock()
    private let capacity: Int
    private var available: Int

    public init(capacity: Int = RetryQuota.initialCapacity) {
        self.capacity = capacity
        available = capacity
    }

    /// Takes the cost of one retry; false when the budget is spent (do not retry).
    public func acquire(for retryClass: RetryClass) -> Int? {
        let cost = retryClass == .throttling ? Self.throttlingCost : Self.transientCost
        return lock.withLock {
            guard cost <= available else { return nil }
            available -= cost
            return cost
        }
    }

    /// Returns tokens after a success: the last retry's cost, or a small increment when no retry was needed.
    public func release(_ amount: Int) {
        lock.withLock { available = min(capacity, available + amount) }
    }

    public var availableCapacity: Int { lock.withLock { available } }
}
