import Foundation
import PumpAWS
import XCTest

/// Signs a DynamoDB request with our signer and with the installed botocore, at
/// the same fixed instant, and compares the headers botocore adds.
final class BotocoreCrossCheckTests: XCTestCase {
    // 2024-02-29T23:59:59.75Z: a leap day at the last second of the day, with a
    // fraction that both sides must truncate.
    static let date = Date(timeIntervalSince1970: 1_709_251_199.75)
    static let timestamp = "20240229T235959Z"
    static let body = #"{"TableName":"pr-5-main-table","Segment":0,"TotalSegments":4}"#

    struct Variant {
        var token: String?
        var extraHeaders: [(name: String, value: String)]
    }

    static let variants: [Variant] = [
        Variant(token: nil, extraHeaders: []),
        // User-Agent is sent but never signed, by botocore or by us.
        Variant(token: "IQoJb3JpZ2luX2VjEXAMPLE//token+with/odd=chars==", extraHeaders: [(name: "User-Agent", value: "pump/0.1")]),
    ]

    /// Fixes botocore's clock the way the installed version reads it: recent releases
    /// call `botocore.auth.get_current_datetime()`, older ones `datetime.datetime.utcnow()`
    /// through the `datetime` module imported into `botocore.auth`.
    /// `add_auth` overwrites `request.context['timestamp']`, so setting that is not enough.
    static let script = #"""
    import datetime, json, sys, types
    try:
        import botocore, botocore.auth
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials
    except ImportError as e:
        print("NO_BOTOCORE %s" % e)
        sys.exit(3)
    args = json.load(sys.stdin)
    now = datetime.datetime.strptime(args["timestamp"], "%Y%m%dT%H%M%SZ")
    if hasattr(botocore.auth, "get_current_datetime"):
        botocore.auth.get_current_datetime = lambda *a, **k: now
    else:
        class Fixed(datetime.datetime):
            @classmethod
            def utcnow(cls):
                return now
            @classmethod
            def now(cls, tz=None):
                return now if tz is None else now.replace(tzinfo=tz)
        botocore.auth.datetime = types.SimpleNamespace(datetime=Fixed, timezone=datetime.timezone)
    results = []
    for case in args["cases"]:
        creds = Credentials(case["accessKeyId"], case["secretAccessKey"], case.get("token"))
        request = AWSRequest(method="POST", url=args["url"], data=args["body"].encode("utf-8"),
                             headers=dict(case["headers"]))
        botocore.auth.SigV4Auth(creds, "dynamodb", "us-east-1").add_auth(request)
        results.append(dict(request.headers.items()))
    print(json.dumps({"botocore": botocore.__version__, "results": results}))
    """#

    func testDynamoDBScanMatchesBotocore() throws {
        let credentials = AWSCredentials(
            accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
        let signer = SigV4Signer(region: "us-east-1", service: "dynamodb")
        let baseHeaders: [(name: String, value: String)] = [
            (name: "Host", value: "127.0.0.1:8000"),
            (name: "Content-Type", value: "application/x-amz-json-1.0"),
            (name: "X-Amz-Target", value: "DynamoDB_20120810.Scan"),
        ]

        var ours: [[(name: String, value: String)]] = []
        var cases: [[String: Any]] = []
        for variant in Self.variants {
            var creds = credentials
            creds.sessionToken = variant.token
            let headers = baseHeaders + variant.extraHeaders
            let request = SignableRequest(
                method: "POST", path: "/", query: "", headers: headers,
                payloadSHA256: SigV4Signer.sha256Hex(Array(Self.body.utf8)))
            ours.append(signer.sign(request, credentials: creds, date: Self.date))
            var c: [String: Any] = [
                "accessKeyId": creds.accessKeyId, "secretAccessKey": creds.secretAccessKey,
                "headers": headers.map { [$0.name, $0.value] },
            ]
            if let token = variant.token { c["token"] = token }
            cases.append(c)
        }
        let input = try JSONSerialization.data(withJSONObject: [
            "timestamp": Self.timestamp, "url": "http://127.0.0.1:8000/", "body": Self.body, "cases": cases,
        ])

        let output = try runPython(input: input)
        let parsed = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
        let results = try XCTUnwrap(parsed?["results"] as? [[String: String]], output)
        XCTAssertEqual(results.count, Self.variants.count)
        print("botocore \(parsed?["botocore"] ?? "?") cross-check:", results.map { $0["Authorization"] ?? "-" })

        for (mine, theirs) in zip(ours, results) {
            func ourValue(_ name: String) -> String? {
                mine.first { $0.name.lowercased() == name.lowercased() }?.value
            }
            XCTAssertNotNil(theirs["Authorization"])
            XCTAssertEqual(ourValue("Authorization"), theirs["Authorization"])
            XCTAssertEqual(ourValue("X-Amz-Date"), Self.timestamp)
            XCTAssertEqual(ourValue("X-Amz-Date"), theirs["X-Amz-Date"])
            XCTAssertEqual(ourValue("X-Amz-Security-Token"), theirs["X-Amz-Security-Token"])
        }
    }

    /// Runs the script with `python3` from PATH; output is the last stdout line
    /// (stderr is merged so that a traceback shows up in the failure message).
    private func runPython(input: Data) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", Self.script]
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stdout
        do {
            try process.run()
        } catch {
            throw XCTSkip("cannot start python3 via /usr/bin/env: \(error)")
        }
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        switch process.terminationStatus {
        case 0:
            return text.split(separator: "\n").last.map(String.init) ?? ""
        case 127:
            throw XCTSkip("python3 not found on PATH; the botocore cross-check needs python3 with botocore")
        case 3 where text.contains("NO_BOTOCORE"):
            throw XCTSkip("botocore is not importable by python3 (\(text.trimmingCharacters(in: .whitespacesAndNewlines)))")
        default:
            throw NSError(domain: "python3", code: Int(process.terminationStatus), userInfo: [
                NSLocalizedDescriptionKey: "python3 exited with \(process.terminationStatus):\n\(text)",
            ])
        }
    }
}
