import Foundation
import PumpAWS
import PumpDynamoDB
import PumpHTTP
import PumpSystem
import PumpTestSupport
import XCTest

/// The client's retry loop against a real loopback HTTP server that answers with scripted errors.
final class DynamoDBClientRetryTests: XCTestCase {
    private func client(_ server: LoopbackHTTPServer, clock: ManualClock, quota: RetryQuota = RetryQuota(), maxAttempts: Int = 4) -> DynamoDBClient {
        let configuration = DynamoDBClientConfiguration(
            endpoint: server.url, region: "us-east-1",
            credentials: StaticCredentialProvider(AWSCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret", sessionToken: "token")),
            retryPolicy: RetryPolicy(maxAttempts: maxAttempts), retryQuota: quota, clock: clock, random: SequenceRandom([0.5]))
        return DynamoDBClient(configuration: configuration, transport: CurlTransport())
    }

    /// Answers with `script[i]` for the i-th request, then success.
    private func scripted(_ script: [LoopbackHTTPServer.Response]) throws -> LoopbackHTTPServer {
        let counter = Counter()
        return try LoopbackHTTPServer { _ in
            let index = counter.next()
            return index < script.count ? script[index] : .json(200, #"{"TableNames":["t"]}"#)
        }
    }

    func testThrottlingIsRetriedWithBackoffThenSucceeds() throws {
        let throttle = LoopbackHTTPServer.Response.json(400, #"{"__type":"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException","message":"slow down"}"#)
        let server = try scripted([throttle, throttle])
        defer { server.stop() }
        let clock = ManualClock()
        XCTAssertEqual(try client(server, clock: clock).listTables(), ["t"])
        XCTAssertEqual(server.requests.count, 3)
        XCTAssertEqual(clock.sleeps, [0.5, 1.0], "rand 0.5 × 1 s, then × 2 s")
    }

    func testEachAttemptIsSignedAndCarriesTheProtocolHeaders() throws {
        let server = try scripted([.json(500, "{}")])
        defer { server.stop() }
        _ = try client(server, clock: ManualClock()).listTables()
        for request in server.requests {
            XCTAssertEqual(request.headers["x-amz-target"], "DynamoDB_20120810.ListTables")
            XCTAssertEqual(request.headers["content-type"], "application/x-amz-json-1.0")
            XCTAssertEqual(request.headers["x-amz-security-token"], "token")
            let authorization = try XCTUnwrap(request.headers["authorization"])
            XCTAssertTrue(authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"), authorization)
            XCTAssertTrue(authorization.contains("/us-east-1/dynamodb/aws4_request"), authorization)
            XCTAssertTrue(authorization.contains("SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target"), authorization)
        }
    }

    func testValidationErrorIsNotRetriedAndIsReadable() throws {
        let server = try scripted([.json(400, #"{"__type":"com.amazon.coral.validate#ValidationException","message":"1 validation error detected"}"#)])
        defer { server.stop() }
        let clock = ManualClock()
        XCTAssertThrowsError(try client(server, clock: clock).listTables()) { error in
            let error = error as! DynamoDBError
            XCTAssertEqual(error.code, "ValidationException")
            XCTAssertEqual(error.attempts, 1)
            XCTAssertEqual("\(error)", "ListTables failed: ValidationException (HTTP 400): 1 validation error detected")
        }
        XCTAssertEqual(server.requests.count, 1)
        XCTAssertEqual(clock.sleeps, [])
    }

    func testGivesUpAfterMaxAttemptsWithTheLastError() throws {
        let server = try scripted(Array(repeating: .json(503, #"{"__type":"ServiceUnavailable","message":"try later"}"#), count: 10))
        defer { server.stop() }
        XCTAssertThrowsError(try client(server, clock: ManualClock(), maxAttempts: 3).listTables()) { error in
            let error = error as! DynamoDBError
            XCTAssertEqual(error.attempts, 3)
            XCTAssertTrue("\(error)".contains("after 3 attempts"), "\(error)")
        }
        XCTAssertEqual(server.requests.count, 3)
    }

    func testAnEmptyRetryQuotaStopsRetrying() throws {
        let server = try scripted(Array(repeating: .json(500, "{}"), count: 10))
        defer { server.stop() }
        XCTAssertThrowsError(try client(server, clock: ManualClock(), quota: RetryQuota(capacity: 14)).listTables())
        XCTAssertEqual(server.requests.count, 2, "one transient retry (14 tokens) and then the budget is spent")
    }

    func testCorruptedBodyIsRetried() throws {
        let good = Array(#"{"TableNames":["t"]}"#.utf8)
        let corrupt = LoopbackHTTPServer.Response(status: 200, headers: [("x-amz-crc32", "\(CRC32.checksum(good) &+ 7)")], body: good)
        let server = try scripted([corrupt])
        defer { server.stop() }
        XCTAssertEqual(try client(server, clock: ManualClock()).listTables(), ["t"])
        XCTAssertEqual(server.requests.count, 2)
    }

    func testNonJSONErrorBodyStillGivesStatusAndText() throws {
        let server = try scripted([LoopbackHTTPServer.Response(status: 403, headers: [], body: Array("<html>Forbidden by proxy</html>".utf8))])
        defer { server.stop() }
        XCTAssertThrowsError(try client(server, clock: ManualClock()).listTables()) { error in
            XCTAssertEqual((error as! DynamoDBError).code, "HTTP403")
            XCTAssertTrue("\(error)".contains("Forbidden by proxy"), "\(error)")
        }
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func next() -> Int { lock.withLock { defer { value += 1 }; return value } }
}
