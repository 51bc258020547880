import PumpHTTP
import PumpTestSupport
import XCTest

final class CurlTransportTests: XCTestCase {
    func testSendsMethodHeadersAndBodyAndReusesTheConnection() throws {
        let server = try LoopbackHTTPServer { request in
            .json(200, #"{"echo":\#(request.body.count)}"#, extraHeaders: [("X-Test", "yes")])
        }
        defer { server.stop() }
        let transport = CurlTransport()
        let body = Array(repeating: UInt8(ascii: "x"), count: 300_000)
        for _ in 0..<5 {
            let response = try transport.send(HTTPRequest(method: "POST", url: server.url, headers: [("X-Amz-Target", "DynamoDB_20120810.Scan")], body: body))
            XCTAssertEqual(response.status, 200)
            XCTAssertEqual(response.header("x-test"), "yes")
            XCTAssertEqual(String(decoding: response.body, as: UTF8.self), #"{"echo":300000}"#)
        }
        XCTAssertEqual(server.connectionCount, 1, "five requests should share one kept-alive connection")
        let seen = try XCTUnwrap(server.requests.last)
        XCTAssertEqual(seen.method, "POST")
        XCTAssertEqual(seen.headers["x-amz-target"], "DynamoDB_20120810.Scan")
        XCTAssertEqual(seen.headers["host"], "127.0.0.1:\(server.port)")
        XCTAssertNil(seen.headers["expect"], "no 100-continue round trip for large bodies")
        XCTAssertEqual(seen.body.count, body.count)
    }

    func testCorrectCRC32IsAcceptedAndAMismatchIsARetryableError() throws {
        let body = Array(#"{"Items":[],"Count":0}"#.utf8)
        let good = CRC32.checksum(body)
        let server = try LoopbackHTTPServer { request in
            let value = request.path == "/bad" ? good &+ 1 : good
            return LoopbackHTTPServer.Response(status: 200, headers: [("x-amz-crc32", "\(value)")], body: body)
        }
        defer { server.stop() }
        let transport = CurlTransport()
        XCTAssertEqual(try transport.send(HTTPRequest(method: "POST", url: server.url, body: [])).body, body)
        XCTAssertThrowsError(try transport.send(HTTPRequest(method: "POST", url: URL(string: "http://127.0.0.1:\(server.port)/bad")!, body: []))) { error in
            guard case HTTPError.checksumMismatch(_, let expected, let computed) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(expected, good &+ 1)
            XCTAssertEqual(computed, good)
            XCTAssertTrue((error as! HTTPError).isRetryable)
        }
    }

    func testCRC32MatchesZlibReferenceValue() {
        // zlib's documented check value for "123456789".
        XCTAssertEqual(CRC32.checksum(Array("123456789".utf8)), 0xCBF4_3926)
    }

    func testConnectionRefusedIsARetryableCannotConnect() throws {
        let server = try LoopbackHTTPServer { _ in .json(200, "{}") }
        let port = server.port
        server.stop()
        XCTAssertThrowsError(try CurlTransport().send(HTTPRequest(method: "POST", url: URL(string: "http://127.0.0.1:\(port)/")!))) { error in
            guard case HTTPError.cannotConnect = error else { return XCTFail("\(error)") }
            XCTAssertTrue((error as! HTTPError).isRetryable)
            XCTAssertTrue("\(error)".contains("127.0.0.1:\(port)"), "\(error)")
        }
    }

    func testDroppedConnectionIsConnectionLost() throws {
        let server = try LoopbackHTTPServer { _ in LoopbackHTTPServer.Response(dropConnection: true) }
        defer { server.stop() }
        XCTAssertThrowsError(try CurlTransport().send(HTTPRequest(method: "POST", url: server.url, body: Array("{}".utf8)))) { error in
            guard case HTTPError.connectionLost = error else { return XCTFail("\(error)") }
        }
    }

    func testHostHeaderOmitsDefaultPorts() {
        XCTAssertEqual(HTTPRequest(method: "GET", url: URL(string: "https://dynamodb.us-east-1.amazonaws.com/")!).hostHeader, "dynamodb.us-east-1.amazonaws.com")
        XCTAssertEqual(HTTPRequest(method: "GET", url: URL(string: "https://example.com:443/")!).hostHeader, "example.com")
        XCTAssertEqual(HTTPRequest(method: "GET", url: URL(string: "http://127.0.0.1:8000/")!).hostHeader, "127.0.0.1:8000")
    }
}
