import XCTest
@testable import PumpAWS

/// Expected values were checked against botocore's `load_config` / `raw_config_parse`.
final class SharedConfigFileTests: XCTestCase {
    func testConfigFileProfileSections() throws {
        let file = try SharedConfigFile(parsing: """
        [default]
        region = us-east-1

        [profile dev]
        region = eu-west-1

        [profile "with space"]
        region = ap-south-1

        [prod]
        region = never-used

        [preview]
        cloudsearch = true
        """, kind: .config, path: "/c")
        XCTAssertEqual(Set(file.profiles.keys), ["default", "dev", "with space"])
        XCTAssertEqual(file.profiles["dev"]?["region"], .string("eu-west-1"))
        XCTAssertEqual(file.profiles["with space"]?["region"], .string("ap-south-1"))
        // A bare [name] other than default is not a profile in the config file.
        XCTAssertNil(file.profiles["prod"])
        XCTAssertEqual(Set(file.otherSections.keys), ["prod", "preview"])
    }

    func testProfileDefaultSectionAndLastOneWins() throws {
        let file = try SharedConfigFile(parsing: """
        [default]
        region = us-east-1
        [profile default]
        region = us-west-2
        """, kind: .config, path: "/c")
        XCTAssertEqual(file.profiles["default"], ["region": .string("us-west-2")])

        let reversed = try SharedConfigFile(parsing: """
        [profile default]
        region = us-west-2
        [default]
        region = us-east-1
        """, kind: .config, path: "/c")
        XCTAssertEqual(reversed.profiles["default"], ["region": .string("us-east-1")])
    }

    func testBotocorePrefixAndShellWordQuirks() throws {
        let file = try SharedConfigFile(parsing: """
        [profile]
        a = 1
        [profile a b]
        a = 2
        [profile "unterminated]
        a = 3
        [profiles x]
        a = 4
        [profile  spaced  ]
        a = 5
        [profile 'single quoted']
        a = 6
        [profile esc\\ aped]
        a = 7
        """, kind: .config, path: "/c")
        XCTAssertEqual(Set(file.profiles.keys), ["x", "spaced", "single quoted", "esc aped"])
        XCTAssertEqual(file.profiles["x"]?["a"], .string("4"))
        XCTAssertEqual(file.profiles["spaced"]?["a"], .string("5"))
        XCTAssertTrue(file.otherSections.isEmpty, "sections starting with 'profile' are never 'other'")
    }

    func testShellSplitMatchesPythonShlex() {
        XCTAssertEqual(SharedConfigFile.shellSplit("profile 'a b'"), ["profile", "a b"])
        XCTAssertEqual(SharedConfigFile.shellSplit(#"profile "a\"b""#), ["profile", #"a"b"#])
        XCTAssertEqual(SharedConfigFile.shellSplit(#"profile "a\nb""#), ["profile", #"a\nb"#])
        XCTAssertEqual(SharedConfigFile.shellSplit(#"profile """#), ["profile", ""])
        XCTAssertEqual(SharedConfigFile.shellSplit("profile a#b"), ["profile", "a#b"])
        XCTAssertEqual(SharedConfigFile.shellSplit("a'b'\"c\"d"), ["abcd"])
        XCTAssertNil(SharedConfigFile.shellSplit(#"profile "a"#))
        XCTAssertNil(SharedConfigFile.shellSplit("profile a\\"))
    }

    func testSsoSessionAndServicesSectionsAreSeparate() throws {
        let file = try SharedConfigFile(parsing: """
        [profile dev]
        services = local-ddb
        sso_session = corp

        [sso-session corp]
        sso_region = us-east-1
        sso_start_url = https://example.awsapps.com/start

        [services local-ddb]
        dynamodb =
          endpoint_url = http://localhost:8000
        s3 =
          endpoint_url = http://localhost:9000
        """, kind: .config, path: "/c")
        XCTAssertEqual(Set(file.profiles.keys), ["dev"])
        XCTAssertEqual(file.ssoSessions["corp"]?["sso_region"], .string("us-east-1"))
        XCTAssertEqual(file.services["local-ddb"]?["dynamodb"], .section(["endpoint_url": "http://localhost:8000"]))
        XCTAssertEqual(file.services["local-ddb"]?["s3"]?.section?["endpoint_url"], "http://localhost:9000")
        XCTAssertNil(file.profiles["local-ddb"])
    }

    func testCredentialsFileUsesLiteralSectionNames() throws {
        let file = try SharedConfigFile(parsing: """
        [default]
        aws_access_key_id = AKIDDEFAULT
        [dev]
        aws_access_key_id = AKIDDEV
        [profile prod]
        aws_access_key_id = AKIDPROD
        """, kind: .credentials, path: "/k")
        XCTAssertEqual(Set(file.profiles.keys), ["default", "dev", "profile prod"])
        XCTAssertEqual(file.profiles["dev"]?["aws_access_key_id"], .string("AKIDDEV"))
        XCTAssertTrue(file.services.isEmpty)
        XCTAssertTrue(file.otherSections.isEmpty)
    }

    func testMergedProfileLetsCredentialsFileWin() throws {
        let files = SharedConfigFiles(
            configPath: "/c", credentialsPath: "/k",
            config: try SharedConfigFile(parsing: """
            [profile dev]
            region = eu-west-1
            output = json
            aws_access_key_id = AKIDFROMCONFIG
            """, kind: .config, path: "/c"),
            credentials: try SharedConfigFile(parsing: """
            [dev]
            region = us-east-2
            aws_access_key_id = AKIDFROMCREDS
            [only-creds]
            aws_access_key_id = X
            """, kind: .credentials, path: "/k"))
        XCTAssertEqual(files.profile("dev"), [
            "region": .string("us-east-2"),
            "output": .string("json"),
            "aws_access_key_id": .string("AKIDFROMCREDS"),
        ])
        XCTAssertEqual(files.profileNames, ["dev", "only-creds"])
        XCTAssertTrue(files.hasProfile("only-creds"))
        XCTAssertFalse(files.hasProfile("nope"))
        XCTAssertNil(files.profile("nope"))
    }

    func testLoadTreatsMissingFilesAsAbsentAndReportsParseErrorsWithPath() throws {
        let loaded = try SharedConfigFiles.load(configPath: "/missing/config", credentialsPath: "/k") { path in
            path == "/k" ? "[default]\naws_access_key_id = A\n" : nil
        }
        XCTAssertNil(loaded.config)
        XCTAssertEqual(loaded.credentials?.profiles["default"]?["aws_access_key_id"], .string("A"))

        XCTAssertThrowsConfigError(
            .malformedConfigFile(path: "/k", line: 2, reason: "expected `key = value`, a [section] header or a # comment"),
            try SharedConfigFiles.load(configPath: "/c", credentialsPath: "/k") { path in
                path == "/k" ? "[default]\ngarbage\n" : "[default]\n"
            })
    }

    func testReadFromDiskReadsFilesAndIgnoresDirectoriesAndMissingPaths() throws {
        let dir = try TemporaryDirectory()
        try dir.write("config", "[default]\nregion = us-east-1\n")
        XCTAssertEqual(SharedConfigFiles.readFromDisk(dir.url.appendingPathComponent("config").path),
                       "[default]\nregion = us-east-1\n")
        XCTAssertNil(SharedConfigFiles.readFromDisk(dir.url.path))
        XCTAssertNil(SharedConfigFiles.readFromDisk(dir.url.appendingPathComponent("nope").path))
    }
}
