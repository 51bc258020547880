import Foundation

/// Randomness as pump sees it, injected so jittered backoff is reproducible in tests.
public protocol RandomSource: Sendable {
    /// A uniformly distributed value in [0, 1).
    func nextUnit() -> Double
}

/// The system generator.
public struct SystemRandom: RandomSource {
    public init() {}
    public func nextUnit() -> Double { Double.random(in: 0..<1) }
}

/// Returns a fixed sequence (cycling), for tests.
public final class SequenceRandom: RandomSource, @unchecked Sendable {
    private let lock = NSLock()
    private let values: [Double]
    private var index = 0

    public init(_ values: [Double]) {
        precondition(!values.isEmpty, "SequenceRandom needs at least one value")
        self.values = values
    }

    public func nextUnit() -> Double {
        lock.withLock {
            defer { index = (index + 1) % values.count }
            return values[index]
        }
    }
}
