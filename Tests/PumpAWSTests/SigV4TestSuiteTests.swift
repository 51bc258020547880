import Foundation
import PumpAWS
import XCTest

/// Runs AWS's public SigV4 test suite (botocore's `aws4_testsuite` layout), kept
/// outside the package at `<package root>/../shared/sigv4-testsuite`.
final class SigV4TestSuiteTests: XCTestCase {
    static let credentials = AWSCredentials(
        accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    /// 20150830T123600Z
    static let date = Date(timeIntervalSince1970: 1_440_938_160)
    static let signer = SigV4Signer(region: "us-east-1", service: "service")

    /// Cases we would skip, with the reason. botocore skips normalize-path/get-space
    /// and get-vanilla-query-order-key/-key-case/-value (its raw-request parser cannot
    /// take a space in the path or repeated query keys). This signer and the parser
    /// below handle both, so those cases run and nothing is skipped.
    static let skipped: [String: String] = [:]

    static var suiteDirectory: URL {
        // Tests/PumpAWSTests/<file> -> package root -> ../shared/sigv4-testsuite
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("../shared/sigv4-testsuite").standardizedFileURL
    }

    func testAWSSigV4TestSuite() throws {
        let root = Self.suiteDirectory
        guard FileManager.default.fileExists(atPath: root.appendingPathComponent("README.md").path) else {
            throw XCTSkip("\(root.path) not found; the SigV4 vectors live in <package root>/../shared/sigv4-testsuite (botocore's aws4_testsuite)")
        }
        let cases = try Self.findCases(in: root)
        XCTAssertGreaterThanOrEqual(cases.count, 30, "case discovery looks broken: \(cases.map(\.lastPathComponent))")

        var ran: [String] = []
        for dir in cases {
            let relative = String(dir.path.dropFirst(root.path.count + 1))
            if let reason = Self.skipped[relative] {
                print("skipping \(relative): \(reason)")
                continue
            }
            try check(caseDirectory: dir, name: relative)
            ran.append(relative)
        }
        print("SigV4 vectors run (\(ran.count)): \(ran.joined(separator: ", "))")
    }

    private func check(caseDirectory dir: URL, name: String) throws {
        func read(_ ext: String) throws -> String? {
            let url = dir.appendingPathComponent("\(dir.lastPathComponent).\(ext)")
            guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
            return String(decoding: data, as: UTF8.self)
        }
        let request = try Self.parseRequest(XCTUnwrap(read("req"), name))
        let expectedCreq = try XCTUnwrap(read("creq"), name)
        let expectedSts = try XCTUnwrap(read("sts"), name)
        let expectedAuthz = try XCTUnwrap(read("authz"), name).trimmingCharacters(in: .newlines)
        let signedRequest = try read("sreq").map(Self.parseRequest)

        let tokenHeader = "x-amz-security-token"
        let tokenInReq = request.headers.contains { $0.name.lowercased() == tokenHeader }
        let creqToken = expectedCreq.split(separator: "\n")
            .first { $0.hasPrefix("\(tokenHeader):") }.map { String($0.dropFirst(tokenHeader.count + 1)) }
        let sreqToken = signedRequest?.headers.first { $0.name.lowercased() == tokenHeader }?.value

        // Token placement: get-vanilla-with-session-token has the token only in .creq
        // (the credentials carry it, so `sign` adds it as a signed header);
        // post-sts-header-before has it in .req (an ordinary signed header);
        // post-sts-header-after adds it to the request only after signing.
        var credentials = Self.credentials
        var canonicalInput = request
        if let creqToken, !tokenInReq {
            credentials.sessionToken = creqToken
            canonicalInput.headers.append((name: "X-Amz-Security-Token", value: creqToken))
        }
        let addTokenAfterSigning = (creqToken == nil && !tokenInReq) ? sreqToken : nil

        let creq = Self.signer.canonicalRequest(canonicalInput)
        XCTAssertEqual(creq, expectedCreq, "canonical request of \(name)")
        let sts = Self.signer.stringToSign(canonicalRequest: creq, date: Self.date)
        XCTAssertEqual(sts, expectedSts, "string to sign of \(name)")

        let authz = Self.signer.authorization(request, credentials: credentials, date: Self.date)
        XCTAssertEqual(authz, expectedAuthz, "Authorization of \(name)")

        var sent = Self.signer.sign(request, credentials: credentials, date: Self.date)
        if let addTokenAfterSigning {
            sent.append((name: "X-Amz-Security-Token", value: addTokenAfterSigning))
        }
        XCTAssertEqual(sent.filter { $0.name == "Authorization" }.map(\.value), [expectedAuthz], name)
        XCTAssertEqual(sent.filter { $0.name.lowercased() == "x-amz-date" }.map(\.value), ["20150830T123600Z"], name)
        if let expectedToken = creqToken ?? sreqToken {
            XCTAssertEqual(sent.filter { $0.name.lowercased() == tokenHeader }.map(\.value), [expectedToken], name)
        }
        if tokenInReq, let token = request.headers.first(where: { $0.name.lowercased() == tokenHeader })?.value {
            // Same case, but with the token coming from the credentials instead.
            var withoutHeader = request
            withoutHeader.headers.removeAll { $0.name.lowercased() == tokenHeader }
            var tokenCredentials = credentials
            tokenCredentials.sessionToken = token
            XCTAssertEqual(
                Self.signer.authorization(withoutHeader, credentials: tokenCredentials, date: Self.date),
                expectedAuthz, "\(name) with the token from credentials")
        }
    }

    static func findCases(in root: URL) throws -> [URL] {
        var result: [URL] = []
        let keys: [URLResourceKey] = [.isDirectoryKey]
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: keys) else { return [] }
        for case let url as URL in walker {
            guard try url.resourceValues(forKeys: Set(keys)).isDirectory == true else { continue }
            let req = url.appendingPathComponent("\(url.lastPathComponent).req")
            if FileManager.default.fileExists(atPath: req.path) { result.append(url.standardizedFileURL) }
        }
        return result.sorted { $0.path < $1.path }
    }

    /// Parses a raw `.req`: request line (the target may contain spaces, as in
    /// get-space), headers with duplicates kept in order and obsolete line folding
    /// (continuation lines start with whitespace), a blank line, then the body.
    static func parseRequest(_ text: String) throws -> SignableRequest {
        var lines = text.components(separatedBy: "\n").map { $0.hasSuffix("\r") ? String($0.dropLast()) : $0 }
        let requestLine = lines.removeFirst()
        guard let firstSpace = requestLine.firstIndex(of: " "),
              let versionStart = requestLine.range(of: " HTTP/", options: .backwards)?.lowerBound else {
            throw NSError(domain: "req", code: 1, userInfo: [NSLocalizedDescriptionKey: "bad request line: \(requestLine)"])
        }
        let method = String(requestLine[..<firstSpace])
        let target = requestLine[requestLine.index(after: firstSpace)..<versionStart]
        let question = target.firstIndex(of: "?")
        let path = String(target[..<(question ?? target.endIndex)])
        let query = question.map { String(target[target.index(after: $0)...]) } ?? ""

        var headers: [(name: String, value: String)] = []
        var bodyLines: [String] = []
        var inBody = false
        for line in lines {
            if inBody {
                bodyLines.append(line)
            } else if line.isEmpty {
                inBody = true
            } else if line.first == " " || line.first == "\t", !headers.isEmpty {
                headers[headers.count - 1].value += "\n" + line
            } else if let colon = line.firstIndex(of: ":") {
                headers.append((name: String(line[..<colon]), value: String(line[line.index(after: colon)...])))
            }
        }
        let body = Array(bodyLines.joined(separator: "\n").utf8)
        return SignableRequest(
            method: method, path: path, query: query, headers: headers,
            payloadSHA256: SigV4Signer.sha256Hex(body))
    }
}
