import PumpDynamoDB
import PumpHTTP
import PumpSystem
import XCTest

final class RetryPolicyTests: XCTestCase {
    private func service(_ code: String, _ status: Int = 400) -> DynamoDBError.Kind {
        .service(code: code, message: "m", status: status)
    }

    func testThrottlingCodesRetryAsThrottling() {
        for code in ["ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded", "Throttling", "TooManyRequestsException", "LimitExceededException"] {
            XCTAssertEqual(RetryPolicy.classify(service(code)), .throttling, code)
        }
        XCTAssertEqual(RetryPolicy.classify(service("Anything", 429)), .throttling)
    }

    func testServerErrorsAndTimeoutsAreTransient() {
        for status in [500, 502, 503, 504] {
            XCTAssertEqual(RetryPolicy.classify(service("InternalServerError", status)), .transient, "\(status)")
        }
        XCTAssertEqual(RetryPolicy.classify(service("RequestTimeout")), .transient)
        XCTAssertEqual(RetryPolicy.classify(.transport(.cannotConnect(url: "u", detail: "refused"))), .transient)
        XCTAssertEqual(RetryPolicy.classify(.transport(.connectionLost(url: "u", detail: "reset"))), .transient)
        XCTAssertEqual(RetryPolicy.classify(.transport(.checksumMismatch(url: "u", expected: 1, computed: 2))), .transient)
    }

    func testValidationAuthAndMissingTablesNeverRetry() {
        for code in ["ValidationException", "ResourceNotFoundException", "UnrecognizedClientException", "AccessDeniedException",
                     "InvalidSignatureException", "ConditionalCheckFailedException", "ResourceInUseException"] {
            XCTAssertNil(RetryPolicy.classify(service(code)), code)
        }
        XCTAssertNil(RetryPolicy.classify(.transport(.tls(url: "u", detail: "bad cert"))))
        XCTAssertNil(RetryPolicy.classify(.transport(.invalidURL(url: "u", detail: "x"))))
        XCTAssertNil(RetryPolicy.classify(.malformedResponse("x")))
    }

    func testBackoffIsFullJitterOverATruncatedDoublingWindow() {
        let policy = RetryPolicy()
        let top = SequenceRandom([0.999999])
        XCTAssertEqual(policy.delay(beforeRetry: 1, for: .throttling, random: top), 1, accuracy: 0.0001)
        XCTAssertEqual(policy.delay(beforeRetry: 3, for: .throttling, random: top), 4, accuracy: 0.0001)
        XCTAssertEqual(policy.delay(beforeRetry: 10, for: .throttling, random: top), 20, accuracy: 0.0001, "capped at 20 s")
        XCTAssertEqual(policy.delay(beforeRetry: 1, for: .transient, random: top), 0.025, accuracy: 0.0001, "DynamoDB's 25 ms transient scale")
        XCTAssertEqual(policy.delay(beforeRetry: 3, for: .throttling, random: SequenceRandom([0.5])), 2, accuracy: 0.0001)
        XCTAssertEqual(policy.delay(beforeRetry: 3, for: .throttling, random: SequenceRandom([0])), 0)
    }

    func testRetryAfterHintStretchesTheDelayByAtMostFiveSeconds() {
        let policy = RetryPolicy()
        let half = SequenceRandom([0.5])
        XCTAssertEqual(policy.delay(beforeRetry: 1, for: .throttling, random: half, retryAfterMilliseconds: 3000), 3, accuracy: 0.0001)
        XCTAssertEqual(policy.delay(beforeRetry: 1, for: .throttling, random: half, retryAfterMilliseconds: 60000), 5.5, accuracy: 0.0001)
        XCTAssertEqual(policy.delay(beforeRetry: 1, for: .throttling, random: half, retryAfterMilliseconds: 10), 0.5, accuracy: 0.0001)
    }

    func testRetryQuotaIsSpentByRetriesAndRefilledBySuccesses() {
        let quota = RetryQuota(capacity: 20)
        XCTAssertEqual(quota.acquire(for: .transient), 14)
        XCTAssertNil(quota.acquire(for: .transient), "6 tokens left, a transient retry costs 14")
        XCTAssertEqual(quota.acquire(for: .throttling), 5)
        XCTAssertEqual(quota.availableCapacity, 1)
        quota.release(14)
        XCTAssertEqual(quota.availableCapacity, 15)
        quota.release(100)
        XCTAssertEqual(quota.availableCapacity, 20, "never above capacity")
    }
}
