import Foundation
@testable import PumpAWS
import XCTest

final class SigV4SignerUnitTests: XCTestCase {
    let credentials = AWSCredentials(
        accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        sessionToken: "SECRET-TOKEN-VALUE")

    func testDescriptionsDoNotLeakSecrets() {
        for text in [credentials.description, credentials.debugDescription, "\(credentials)", String(reflecting: credentials)] {
            XCTAssertFalse(text.contains(credentials.secretAccessKey), text)
            XCTAssertFalse(text.contains("SECRET-TOKEN"), text)
            XCTAssertFalse(text.contains("AKIDEXAMPLE"), text)
            XCTAssertTrue(text.contains("AKID…MPLE"), text)
            XCTAssertTrue(text.contains("present"), text)
        }
        XCTAssertEqual(AWSCredentials.mask("short"), "…")
    }

    /// The arithmetic timestamp against Foundation's calendar over awkward instants.
    func testTimestampMatchesGregorianCalendar() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let instants: [TimeInterval] = [
            0, -0.5, -86_400 * 365.25 * 30, 951_782_400, 951_868_799.999, 1_440_938_160,
            1_709_251_199.75, 4_102_444_800, 253_402_300_799,
        ]
        for t in instants {
            let date = Date(timeIntervalSince1970: t)
            let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
            let expected = String(
                format: "%04d%02d%02dT%02d%02d%02dZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
            XCTAssertEqual(SigV4Encoding.amzTimestamp(date), expected, "t=\(t)")
        }
    }

    func testSignReplacesStaleHeadersOnRetry() {
        let signer = SigV4Signer(region: "us-east-1", service: "dynamodb")
        let fresh = SignableRequest(
            method: "POST", headers: [(name: "Host", value: "dynamodb.us-east-1.amazonaws.com")],
            payloadSHA256: SigV4Signer.sha256Hex([]))
        let date = Date(timeIntervalSince1970: 1_700_000_000)
        let first = signer.sign(fresh, credentials: credentials, date: date.addingTimeInterval(-60))

        var retry = fresh
        retry.headers = first
        let second = signer.sign(retry, credentials: credentials, date: date)
        XCTAssertEqual(second.map(\.value), signer.sign(fresh, credentials: credentials, date: date).map(\.value))
        XCTAssertEqual(second.map { $0.name }, ["Host", "X-Amz-Date", "X-Amz-Security-Token", "Authorization"])
        XCTAssertTrue(second[3].value.contains("SignedHeaders=host;x-amz-date;x-amz-security-token,"))
    }

    /// The cached signing key must follow the secret and the day.
    func testSigningKeyCacheFollowsSecretAndDay() {
        let signer = SigV4Signer(region: "us-east-1", service: "service")
        let day1 = Date(timeIntervalSince1970: 1_440_938_160)
        let day2 = day1.addingTimeInterval(86_400)
        let sts = "AWS4-HMAC-SHA256\n..."
        let a1 = signer.signature(stringToSign: sts, secretAccessKey: "one", date: day1)
        let b1 = signer.signature(stringToSign: sts, secretAccessKey: "two", date: day1)
        let a2 = signer.signature(stringToSign: sts, secretAccessKey: "one", date: day2)
        XCTAssertEqual(Set([a1, b1, a2]).count, 3)
        XCTAssertEqual(SigV4Signer(region: "us-east-1", service: "service")
            .signature(stringToSign: sts, secretAccessKey: "one", date: day2), a2)
        XCTAssertEqual(signer.signature(stringToSign: sts, secretAccessKey: "one", date: day1), a1)
    }

    func testPathWithoutNormalizationAndQueryEncoding() {
        let request = SignableRequest(
            method: "GET", path: "//a/./b c/", query: "b=2&a=x y&a=%7E+&c",
            headers: [(name: "Host", value: "h")], payloadSHA256: "x")
        let raw = SigV4Signer(region: "r", service: "s3", normalizePath: false).canonicalRequest(request)
        XCTAssertEqual(raw.split(separator: "\n", omittingEmptySubsequences: false)[1], "//a/./b%20c/")
        let normalized = SigV4Signer(region: "r", service: "s").canonicalRequest(request)
        let lines = normalized.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines[1], "/a/b%20c/")
        XCTAssertEqual(lines[2], "a=x%20y&a=~%2B&b=2&c=")
    }

    func testConcurrentSigningIsConsistent() async {
        let signer = SigV4Signer(region: "us-east-1", service: "dynamodb")
        let request = SignableRequest(
            method: "POST", headers: [(name: "Host", value: "localhost:8000")], payloadSHA256: SigV4Signer.sha256Hex([1, 2, 3]))
        let creds = credentials
        let results = await withTaskGroup(of: String.self) { group in
            for i in 0..<200 {
                group.addTask {
                    // Alternate days and secrets so the shared cache keeps being replaced.
                    var c = creds
                    c.secretAccessKey = i % 2 == 0 ? "even" : "odd"
                    let date = Date(timeIntervalSince1970: 1_700_000_000 + Double(i % 3) * 86_400)
                    return "\(i % 6) " + signer.authorization(request, credentials: c, date: date)
                }
            }
            return await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        XCTAssertEqual(results.count, 6)
    }
}
