import PumpHTTP
import PumpSystem

/// How a failed call is classified for retrying.
public enum RetryClass: Sendable, Equatable {
    case throttling
    case transient
}

/// The SDKs' standard retry mode as a value (botocore `retries/standard.py`):
/// throttling codes, 5xx and connection errors retry with truncated binary exponential
/// backoff and full jitter; validation and authorization errors never retry.
public struct RetryPolicy: Sendable {
    /// Attempts including the first; botocore's standard mode gives DynamoDB 4.
    public var maxAttempts: Int
    public var maxBackoff: Double
    /// Scale of the first retry delay for throttling errors (seconds).
    public var throttlingBaseScale: Double
    /// Scale of the first retry delay for transient errors; DynamoDB's is 25 ms.
    public var transientBaseScale: Double

    public init(maxAttempts: Int = 4, maxBackoff: Double = 20, throttlingBaseScale: Double = 1, transientBaseScale: Double = 0.025) {
        self.maxAttempts = max(1, maxAttempts)
        self.maxBackoff = maxBackoff
        self.throttlingBaseScale = throttlingBaseScale
        self.transientBaseScale = transientBaseScale
    }

    public static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException",
        "TransactionInProgressException", "RequestLimitExceeded", "BandwidthLimitExceeded",
        "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
        "EC2ThrottledException",
    ]
    public static let transientCodes: Set<String> = ["RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete"]
    public static let transientStatuses: Set<Int> = [500, 502, 503, 504]

    /// nil when the error must not be retried.
    public static func classify(_ kind: DynamoDBError.Kind) -> RetryClass? {
        switch kind {
        case .service(let code, _, let status):
            if throttlingCodes.contains(code) { return .throttling }
            if transientCodes.contains(code) || transientStatuses.contains(status) { return .transient }
            // 429 without a known code is still the service asking us to slow down.
            if status == 429 { return .throttling }
            return nil
        case .transport(let error):
            return error.isRetryable ? .transient : nil
        case .malformedResponse, .credentials:
            return nil
        }
    }

    /// Seconds to wait before retry number `retry` (1 = the first retry):
    /// `rand(0,1) * min(scale * 2^(retry-1), maxBackoff)`, stretched to honour an
    /// `x-amz-retry-after` hint by at most 5 s as botocore does.
    public func delay(beforeRetry retry: Int, for retryClass: RetryClass, random: any RandomSource, retryAfterMilliseconds: Int? = nil) -> Double {
        let scale = retryClass == .throttling ? throttlingBaseScale : transientBaseScale
        let exponent = Double(1 << min(max(retry - 1, 0), 30))
        let jittered = random.nextUnit() * min(scale * exponent, maxBackoff)
        guard let hint = retryAfterMilliseconds, hint >= 0 else { return jittered }
        return max(jittered, min(Double(hint) / 1000, jittered + 5))
    }
}
