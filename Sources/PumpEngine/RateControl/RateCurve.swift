/// How the allowed rate falls on a throttle and grows back on success. CUBIC is the default
/// (the SDKs' adaptive mode); AIMD is kept so the two can be measured against each other on the
/// same capped table (`benchmarks/`), as the choice between them is an empirical one.
public enum RateCurve: String, Sendable, CaseIterable {
    case cubic
    case aimd
}

/// Additive increase, multiplicative decrease: halve on a throttle, then climb linearly,
/// regaining the rate at the last throttle in `recoverySeconds`.
public struct AIMDCalculator: Sendable {
    public static let beta = 0.5
    public static let recoverySeconds = 10.0

    private var wMax: Double
    private var lastFailure: Double

    public init(startingMaxRate: Double, startTime: Double) {
        wMax = startingMaxRate
        lastFailure = startTime
    }

    public func successReceived(at time: Double) -> Double {
        let floor = wMax * Self.beta
        return floor + (wMax - floor) * (time - lastFailure) / Self.recoverySeconds
    }

    public mutating func errorReceived(currentRate: Double, at time: Double) -> Double {
        wMax = currentRate
        lastFailure = time
        return currentRate * Self.beta
    }
}

/// One of the curves, as the limiter holds it.
enum RateCurveState: Sendable {
    case cubic(CubicCalculator)
    case aimd(AIMDCalculator)

    init(_ curve: RateCurve, startingMaxRate: Double, startTime: Double) {
        switch curve {
        case .cubic: self = .cubic(CubicCalculator(startingMaxRate: startingMaxRate, startTime: startTime))
        case .aimd: self = .aimd(AIMDCalculator(startingMaxRate: startingMaxRate, startTime: startTime))
        }
    }

    func successReceived(at time: Double) -> Double {
        switch self {
        case .cubic(let calculator): calculator.successReceived(at: time)
        case .aimd(let calculator): calculator.successReceived(at: time)
        }
    }

    mutating func errorReceived(currentRate: Double, at time: Double) -> Double {
        switch self {
        case .cubic(var calculator):
            defer { self = .cubic(calculator) }
            return calculator.errorReceived(currentRate: currentRate, at: time)
        case .aimd(var calculator):
            defer { self = .aimd(calculator) }
            return calculator.errorReceived(currentRate: currentRate, at: time)
        }
    }
}
