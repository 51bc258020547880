import PumpEngine
import PumpSystem
import XCTest

/// The limiter on a manual clock: time only passes when it sleeps, so rates are exact.
final class CapacityRateLimiterTests: XCTestCase {
    /// Sends requests costing `cost` units until `seconds` of simulated time pass; returns units sent.
    func drive(_ limiter: CapacityRateLimiter, clock: ManualClock, cost: Double, seconds: Double) -> Double {
        var sent = 0.0
        let end = clock.monotonicSeconds() + seconds
        while clock.monotonicSeconds() < end {
            limiter.acquire()
            limiter.record(consumed: cost)
            sent += cost
            clock.advance(by: 0.001)   // a request takes a little time
        }
        return sent
    }

    func testStaysUnderTheLimit() {
        let clock = ManualClock()
        let limiter = CapacityRateLimiter(limit: 100, clock: clock)
        let sent = drive(limiter, clock: clock, cost: 40, seconds: 30)
        // 30 s at 100 units/s, plus one second of saved-up burst, plus two requests of 40:
        // one sent while the bucket was barely positive, and the loop's last one, which may
        // start just before the deadline and send after waiting.
        XCTAssertGreaterThanOrEqual(sent, 2900)
        XCTAssertLessThanOrEqual(sent, 3000 + 100 + 2 * 40)
    }

    func testUnlimitedUntilThrottledThenCutTo70PercentOfWhatFlowed() {
        let clock = ManualClock()
        let limiter = CapacityRateLimiter(limit: nil, clock: clock)
        XCTAssertNil(limiter.allowedRate)
        for _ in 0..<200 {   // 10 units every 10 ms: 1,000 units/s
            limiter.acquire()
            limiter.record(consumed: 10)
            clock.advance(by: 0.01)
        }
        limiter.recordThrottle()
        let cut = try! XCTUnwrap(limiter.allowedRate)
        XCTAssertEqual(cut, 700, accuracy: 50)
    }

    func testAThrottleInTheFirstHalfSecondCutsFromWhatFlowedNotToTheFloor() {
        // A restore empties the table's burst within 0.3 s: 320 units, then the first throttle.
        let clock = ManualClock()
        let limiter = CapacityRateLimiter(limit: nil, clock: clock)
        for _ in 0..<16 {
            limiter.acquire()
            limiter.record(consumed: 20)
            clock.advance(by: 0.02)
        }
        limiter.recordThrottle()
        // 320 units over the first half-second window is 640 units/s; 70 % of it is allowed.
        XCTAssertEqual(try XCTUnwrap(limiter.allowedRate), 448, accuracy: 1)

        // Throttled before anything succeeded: one batch's worth per second, never 1 unit/s.
        let cold = CapacityRateLimiter(limit: nil, clock: ManualClock())
        cold.recordThrottle()
        XCTAssertGreaterThanOrEqual(try XCTUnwrap(cold.allowedRate), 17.5)
    }

    func testRateRegrowsAlongTheCubicAndNeverPassesTheLimit() {
        let clock = ManualClock()
        let limiter = CapacityRateLimiter(limit: 500, clock: clock)
        _ = drive(limiter, clock: clock, cost: 25, seconds: 5)
        limiter.recordThrottle()
        let afterThrottle = limiter.allowedRate!
        XCTAssertLessThan(afterThrottle, 500 * 0.75)
        _ = drive(limiter, clock: clock, cost: 25, seconds: 2)
        let recovering = limiter.allowedRate!
        XCTAssertGreaterThan(recovering, afterThrottle)
        _ = drive(limiter, clock: clock, cost: 25, seconds: 30)
        XCTAssertEqual(limiter.allowedRate!, 500, accuracy: 0.001, "back at the operator's limit, never above")
    }

    func testCubicMatchesBotocoreReferenceValues() {
        // botocore's CubicCalculator(starting_max_rate=10, start_time=0): error at t=0 with rate 10 gives 7;
        // k = cbrt(10 * 0.3 / 0.4); success at t=k gives w_max back.
        var cubic = CubicCalculator(startingMaxRate: 10, startTime: 0)
        XCTAssertEqual(cubic.errorReceived(currentRate: 10, at: 0), 7, accuracy: 1e-9)
        let k = cbrt(10 * 0.3 / 0.4)
        XCTAssertEqual(cubic.successReceived(at: k), 10, accuracy: 1e-9)
        XCTAssertEqual(cubic.successReceived(at: 0), 0.4 * pow(-k, 3) + 10, accuracy: 1e-9)
    }

    func testAStormOfThrottlesIsOneCutPerSecondAndNeverBelowTheFloor() {
        let clock = ManualClock()
        let limiter = CapacityRateLimiter(limit: 1000, clock: clock)
        _ = drive(limiter, clock: clock, cost: 50, seconds: 3)
        // Eight workers report throttles in the same instant: one congestion event.
        for _ in 0..<8 { limiter.recordThrottle() }
        let once = limiter.allowedRate!
        XCTAssertEqual(once, 700, accuracy: 60)
        // A throttle every 1.1 s forever: the rate settles at the floor (10 % of the limit), not at zero.
        for _ in 0..<60 {
            clock.advance(by: 1.1)
            limiter.recordThrottle()
        }
        XCTAssertEqual(limiter.allowedRate!, 100, accuracy: 0.001)
        let sent = drive(limiter, clock: clock, cost: 50, seconds: 10)
        XCTAssertGreaterThan(sent, 900, "at the floor a restore still moves ~100 units/s")
    }
}

extension CapacityRateLimiterTests {
    func testAIMDHalvesThenClimbsBackLinearly() {
        let clock = ManualClock()
        let limiter = CapacityRateLimiter(limit: 1000, clock: clock, curve: .aimd)
        _ = drive(limiter, clock: clock, cost: 10, seconds: 3)
        limiter.recordThrottle()
        let cut = try! XCTUnwrap(limiter.allowedRate)
        XCTAssertEqual(cut, 500, accuracy: 60, "half of the ~1,000 units/s that flowed")
        _ = drive(limiter, clock: clock, cost: 10, seconds: 5)
        XCTAssertEqual(try XCTUnwrap(limiter.allowedRate), cut * 1.5, accuracy: 60, "halfway back after half the recovery time")
        _ = drive(limiter, clock: clock, cost: 10, seconds: 6)
        XCTAssertEqual(try XCTUnwrap(limiter.allowedRate), 1000, accuracy: 1, "back at the limit, never above")
    }
}
