import PumpDynamoDB
import PumpSystem

/// Engine-level patience once a client's own retries are spent: throttling is waited out
/// indefinitely (the data matters more than the time), other retryable failures
/// only for a bounded number of consecutive attempts so a dead endpoint still ends the run.
struct ThrottleBackoff {
    let clock: any Clock
    let random: any RandomSource
    var consecutive = 0
    var maxConsecutiveTransient = 8
    var base = 0.05
    var cap = 20.0

    init(clock: any Clock, random: any RandomSource) {
        self.clock = clock
        self.random = random
    }

    mutating func reset() { consecutive = 0 }

    /// Sleeps before the next try, or rethrows `error` when it should end the run.
    mutating func wait(after error: DynamoDBError) throws {
        guard let retryClass = RetryPolicy.classify(error.kind) else { throw error }
        consecutive += 1
        if retryClass == .transient && consecutive > maxConsecutiveTransient { throw error }
        clock.sleep(seconds: delay())
    }

    /// Full jitter over a doubling window, for re-sending UnprocessedItems too.
    mutating func delay() -> Double {
        let window = min(base * Double(1 << min(consecutive, 20)), cap)
        return random.nextUnit() * window
    }
}

extension ThrottleBackoff {
    /// Sleeps before re-sending UnprocessedItems; there is no limit, the items must land.
    mutating func waitForUnprocessed() {
        consecutive += 1
        clock.sleep(seconds: delay())
    }
}
