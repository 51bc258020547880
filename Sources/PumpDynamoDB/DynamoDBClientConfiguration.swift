import Foundation
import PumpAWS
import PumpSystem

/// Everything a DynamoDB client needs besides its transport; shared by all workers of a run.
public struct DynamoDBClientConfiguration: Sendable {
    public var endpoint: URL
    public var region: String
    public var credentials: any CredentialProvider
    public var retryPolicy: RetryPolicy
    public var retryQuota: RetryQuota
    public var clock: any Clock
    public var random: any RandomSource
    /// Told about every retry, so progress output can count throttles.
    public var onRetry: (@Sendable (RetryEvent) -> Void)?

    public init(
        endpoint: URL,
        region: String,
        credentials: any CredentialProvider,
        retryPolicy: RetryPolicy = RetryPolicy(),
        retryQuota: RetryQuota = RetryQuota(),
        clock: any Clock = SystemClock(),
        random: any RandomSource = SystemRandom(),
        onRetry: (@Sendable (RetryEvent) -> Void)? = nil
    ) {
        self.endpoint = endpoint
        self.region = region
        self.credentials = credentials
        self.retryPolicy = retryPolicy
        self.retryQuota = retryQuota
        self.clock = clock
        self.random = random
        self.onRetry = onRetry
    }
}

/// One retry about to happen.
public struct RetryEvent: Sendable {
    public var operation: String
    public var retryClass: RetryClass
    public var attempt: Int
    public var delay: Double
    public var error: String
}
