import Foundation

/// The CUBIC rate curve the SDKs' adaptive retry mode uses (botocore `retries/throttling.py`,
/// smithy-swift's `ClientSideRateLimiter`): after a throttle the rate drops to 70 % and then
/// grows back along a cubic that passes the old maximum `k` seconds later.
public struct CubicCalculator: Sendable {
    public static let scaleConstant = 0.4
    public static let beta = 0.7

    private(set) var wMax: Double
    private(set) var k: Double
    private(set) var lastFailure: Double

    public init(startingMaxRate: Double, startTime: Double) {
        wMax = startingMaxRate
        lastFailure = startTime
        k = Self.zeroPoint(wMax)
    }

    private static func zeroPoint(_ wMax: Double) -> Double {
        cbrt(wMax * (1 - beta) / scaleConstant)
    }

    /// The rate to allow after a success at `time`.
    public func successReceived(at time: Double) -> Double {
        let dt = time - lastFailure
        return Self.scaleConstant * pow(dt - k, 3) + wMax
    }

    /// Records a throttle at `time` while sending at `currentRate`; returns the reduced rate.
    public mutating func errorReceived(currentRate: Double, at time: Double) -> Double {
        wMax = currentRate
        k = Self.zeroPoint(wMax)
        lastFailure = time
        return currentRate * Self.beta
    }
}
