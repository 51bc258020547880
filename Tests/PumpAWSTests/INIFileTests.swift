import XCTest
@testable import PumpAWS

/// Expected values were checked against botocore's `raw_config_parse` (botocore 1.43).
final class INIFileTests: XCTestCase {
    private func parse(_ text: String) throws -> INIFile {
        try INIFile.parse(text, path: "/tmp/config")
    }

    func testKeyValueSeparatorsAndWhitespace() throws {
        let ini = try parse("""
        [default]
        region=us-east-1
        output = json
        cli_pager\t=\tless\t
        role_arn: arn:aws:iam::123456789012:role/x
        endpoint_url = http://localhost:8000
        empty =
        """)
        let section = try XCTUnwrap(ini[section: "default"])
        XCTAssertEqual(section["region"], .string("us-east-1"))
        XCTAssertEqual(section["output"], .string("json"))
        XCTAssertEqual(section["cli_pager"], .string("less"))
        // ":" is a separator too, and only the first separator counts.
        XCTAssertEqual(section["role_arn"], .string("arn:aws:iam::123456789012:role/x"))
        XCTAssertEqual(section["endpoint_url"], .string("http://localhost:8000"))
        XCTAssertEqual(section["empty"], .string(""))
        XCTAssertEqual(section.count, 6)
    }

    func testKeysAreLowercasedButSectionNamesAreNot() throws {
        let ini = try parse("""
        [Profile Dev]
        AWS_Access_Key_ID = AKID
        Region = eu-west-1
        """)
        XCTAssertNil(ini[section: "profile dev"])
        let section = try XCTUnwrap(ini[section: "Profile Dev"])
        XCTAssertEqual(section["aws_access_key_id"], .string("AKID"))
        XCTAssertEqual(section["region"], .string("eu-west-1"))
        XCTAssertNil(section["Region"])
    }

    func testWholeLineCommentsAreSkipped() throws {
        let ini = try parse("""
        # leading comment
        ; another
        [default]
        # region = wrong
          ; indented comment
        region = us-west-2
        """)
        XCTAssertEqual(ini[section: "default"], ["region": .string("us-west-2")])
    }

    func testInlineCommentMarkersStayInTheValueLikeBotocore() throws {
        // RawConfigParser is created without inline_comment_prefixes, so botocore keeps these.
        let ini = try parse("""
        [default]
        region = us-west-2 # production
        output = json ;comment
        color=red#blue
        """)
        let section = try XCTUnwrap(ini[section: "default"])
        XCTAssertEqual(section["region"], .string("us-west-2 # production"))
        XCTAssertEqual(section["output"], .string("json ;comment"))
        XCTAssertEqual(section["color"], .string("red#blue"))
    }

    func testIndentedBlockBecomesNestedSection() throws {
        let ini = try parse("""
        [default]
        s3 =
          max_concurrent_requests = 10
          # a comment inside the block

          Addressing_Style=path
          url = http://a:1/x=y
        region = us-east-1
        """)
        let section = try XCTUnwrap(ini[section: "default"])
        // Nested keys keep their case; only the split on the first "=" happens.
        XCTAssertEqual(section["s3"], .section([
            "max_concurrent_requests": "10",
            "Addressing_Style": "path",
            "url": "http://a:1/x=y",
        ]))
        XCTAssertEqual(section["region"], .string("us-east-1"))
    }

    func testContinuationOfNonEmptyValueStaysAString() throws {
        let ini = try parse("""
        [default]
        key = first
          second

        next = x
        """)
        let section = try XCTUnwrap(ini[section: "default"])
        XCTAssertEqual(section["key"], .string("first\nsecond"))
        XCTAssertEqual(section["next"], .string("x"))
    }

    func testEmptyNestedBlockIsAnEmptyString() throws {
        let ini = try parse("""
        [default]
        s3 =

        [other]
        a = b
        """)
        XCTAssertEqual(ini[section: "default"]?["s3"], .string(""))
        XCTAssertEqual(ini[section: "other"]?["a"], .string("b"))
    }

    func testIndentedKeysRightAfterHeaderAreOrdinaryKeys() throws {
        let ini = try parse("""
        [default]
          region = us-east-1
          output = json
        """)
        XCTAssertEqual(ini[section: "default"], ["region": .string("us-east-1"), "output": .string("json")])
    }

    func testDefaultSectionIsInheritedAndNotASection() throws {
        let ini = try parse("""
        [DEFAULT]
        region = eu-central-1
        output = text
        [a]
        region = us-east-1
        [b]
        """)
        XCTAssertEqual(ini.sections.map(\.name), ["a", "b"])
        XCTAssertEqual(ini[section: "a"], ["region": .string("us-east-1"), "output": .string("text")])
        XCTAssertEqual(ini[section: "b"], ["region": .string("eu-central-1"), "output": .string("text")])
    }

    func testDefaultBlockIsOnlyInterpretedWhenInherited() throws {
        // botocore never looks at [DEFAULT] on its own, so a broken nested block there only
        // matters once a real section inherits it.
        XCTAssertEqual(try parse("[DEFAULT]\ns3 =\n  broken\n"), INIFile(sections: []))
        XCTAssertThrowsConfigError(
            .malformedConfigFile(path: "/tmp/config", line: 2, reason: "the indented block under `s3` has a line without `=`"),
            try self.parse("[DEFAULT]\ns3 =\n  broken\n[a]\n"))
        let ini = try parse("[DEFAULT]\ns3 =\n  addressing_style = path\n[a]\n")
        XCTAssertEqual(ini[section: "a"], ["s3": .section(["addressing_style": "path"])])
    }

    func testSectionHeaderRunsToTheLastBracketAndIgnoresTrailingText() throws {
        let ini = try parse("""
        [default] trailing words
        a = 1
        [ spaced ]
        b = 2
        """)
        XCTAssertEqual(ini.sections.map(\.name), ["default", " spaced "])
        XCTAssertEqual(ini[section: "default"]?["a"], .string("1"))
    }

    func testCRLFAndByteOrderMark() throws {
        let ini = try parse("\u{FEFF}[default]\r\nregion = us-east-1\r\n\r\n[x]\routput = json\r")
        XCTAssertEqual(ini[section: "default"], ["region": .string("us-east-1")])
        XCTAssertEqual(ini[section: "x"], ["output": .string("json")])
    }

    func testEmptyFileHasNoSections() throws {
        XCTAssertEqual(try parse(""), INIFile(sections: []))
        XCTAssertEqual(try parse("\n# only a comment\n\n"), INIFile(sections: []))
    }

    func testTextBeforeFirstSectionIsAnError() {
        XCTAssertThrowsConfigError(
            .malformedConfigFile(path: "/tmp/config", line: 2, reason: "text before the first [section] header"),
            try self.parse("# comment\nregion = us-east-1\n[default]\n"))
    }

    func testLineWithoutSeparatorIsAnErrorThatDoesNotEchoTheLine() throws {
        let error = configError { try self.parse("[default]\naws_secret_access_key wJalrXUtnFEMI\n") }
        guard case .malformedConfigFile(let path, let line, _) = error else {
            return XCTFail("wrong error \(String(describing: error))")
        }
        XCTAssertEqual(path, "/tmp/config")
        XCTAssertEqual(line, 2)
        XCTAssertFalse(error!.description.contains("wJalrXUtnFEMI"))
        XCTAssertTrue(error!.description.contains("/tmp/config, line 2"))
    }

    func testDuplicatesWithinOneFileAreErrors() {
        XCTAssertThrowsConfigError(
            .malformedConfigFile(path: "/tmp/config", line: 3, reason: "section [default] appears more than once"),
            try self.parse("[default]\na = 1\n[default]\nb = 2\n"))
        XCTAssertThrowsConfigError(
            .malformedConfigFile(path: "/tmp/config", line: 3, reason: "key `region` appears more than once in [default]"),
            try self.parse("[default]\nregion = a\nREGION = b\n"))
    }

    func testEmptyKeyIsAnError() {
        XCTAssertThrowsConfigError(
            .malformedConfigFile(path: "/tmp/config", line: 2, reason: "missing key before `=`"),
            try self.parse("[default]\n = value\n"))
    }

    func testNestedLineWithoutEqualsIsAnError() {
        XCTAssertThrowsConfigError(
            .malformedConfigFile(path: "/tmp/config", line: 2,
                                 reason: "the indented block under `s3` has a line without `=`"),
            try self.parse("[default]\ns3 =\n  addressing_style: path\n"))
    }
}
