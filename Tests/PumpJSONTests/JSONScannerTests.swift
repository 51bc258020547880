import PumpJSON
import XCTest

final class JSONScannerTests: XCTestCase {
    private func withScanner<R>(_ text: String, _ body: (JSONScanner, UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBufferPointer { try body(JSONScanner($0), $0) }
    }

    private func text(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: buffer[range]), as: UTF8.self)
    }

    func testSplitsItemsWithoutBeingFooledByBracketsAndQuotesInStrings() throws {
        let page = #"{"Items":[{"pk":{"S":"a]}\"{["}},{"pk":{"S":"b\\"},"n":{"N":"1"}}, {"l":{"L":[{"M":{}}]}}],"Count":3,"LastEvaluatedKey":{"pk":{"S":"b\\"}}}"#
        try withScanner(page) { scanner, buffer in
            let top = try scanner.valueRange(at: 0)
            XCTAssertEqual(top, 0..<buffer.count)
            let items = try XCTUnwrap(try scanner.member("Items", in: top))
            let elements = try scanner.arrayElements(items)
            XCTAssertEqual(elements.map { text(buffer, $0) }, [
                #"{"pk":{"S":"a]}\"{["}}"#,
                #"{"pk":{"S":"b\\"},"n":{"N":"1"}}"#,
                #"{"l":{"L":[{"M":{}}]}}"#,
            ])
            XCTAssertEqual(text(buffer, try XCTUnwrap(try scanner.member("Count", in: top))), "3")
            XCTAssertEqual(text(buffer, try XCTUnwrap(try scanner.member("LastEvaluatedKey", in: top))), #"{"pk":{"S":"b\\"}}"#)
            XCTAssertNil(try scanner.member("Missing", in: top))
        }
    }

    func testEmptyContainersAndWhitespace() throws {
        try withScanner(" { \"Items\" : [ ] , \"x\" : { } } ") { scanner, _ in
            let top = try scanner.valueRange(at: 0)
            XCTAssertEqual(try scanner.arrayElements(XCTUnwrap(try scanner.member("Items", in: top))).count, 0)
            XCTAssertEqual(try scanner.objectMembers(XCTUnwrap(try scanner.member("x", in: top))).count, 0)
        }
    }

    func testTruncatedInputIsAnErrorNotACrash() throws {
        for text in [#"{"Items":[{"a":1}"#, #"{"a":"unterminated"#, #"["#, #"{"a""#, ""] {
            try withScanner(text) { scanner, _ in
                XCTAssertThrowsError(try scanner.objectMembers(0..<text.utf8.count), "input: \(text)")
            }
        }
    }

    func testMalformedSeparatorsAreReported() throws {
        try withScanner(#"{"a":1 "b":2}"#) { scanner, _ in
            XCTAssertThrowsError(try scanner.objectMembers(0..<13)) { error in
                XCTAssertTrue("\(error)".contains("expected ',' or '}'"), "\(error)")
            }
        }
    }

    func testDecodeStringHandlesEscapesAndSurrogatePairs() throws {
        try withScanner(#""a\"b\\c\/d\n\t\u00e9\ud83e\udd86 ✓""#) { scanner, buffer in
            XCTAssertEqual(try scanner.decodeString(0..<buffer.count), "a\"b\\c/d\n\té🦆 ✓")
        }
    }

    func testQuotedRoundTripsThroughFoundation() throws {
        let value = "pr-5 \"quoted\" \\ \n\t\u{01} ü 🦆"
        let quoted = JSONStringCodec.quoted(value)
        let decoded = try JSONSerialization.jsonObject(with: Data(quoted), options: [.fragmentsAllowed]) as? String
        XCTAssertEqual(decoded, value)
    }
}
