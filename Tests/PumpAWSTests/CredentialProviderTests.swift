import XCTest
@testable import PumpAWS

final class CredentialProviderTests: XCTestCase {
    private let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"

    // MARK: environment

    func testEnvironmentProviderReadsKeysAndToken() throws {
        let provider = EnvironmentCredentialProvider(environment: ProcessEnvironment([
            "AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": secret, "AWS_SESSION_TOKEN": "tok",
        ]))
        XCTAssertEqual(try provider.credentials(),
                       AWSCredentials(accessKeyId: "AKIDENV", secretAccessKey: secret, sessionToken: "tok"))
    }

    func testEnvironmentProviderPrefersLegacySecurityTokenLikeBotocore() throws {
        let provider = EnvironmentCredentialProvider(environment: ProcessEnvironment([
            "AWS_ACCESS_KEY_ID": "A", "AWS_SECRET_ACCESS_KEY": "S",
            "AWS_SESSION_TOKEN": "session", "AWS_SECURITY_TOKEN": "security",
        ]))
        XCTAssertEqual(try provider.credentials()?.sessionToken, "security")
        let legacyOnly = EnvironmentCredentialProvider(environment: ProcessEnvironment([
            "AWS_ACCESS_KEY_ID": "A", "AWS_SECRET_ACCESS_KEY": "S", "AWS_SECURITY_TOKEN": "security", "AWS_SESSION_TOKEN": "",
        ]))
        XCTAssertEqual(try legacyOnly.credentials()?.sessionToken, "security")
    }

    func testEnvironmentProviderWithNothingSetReturnsNil() throws {
        XCTAssertNil(try EnvironmentCredentialProvider(environment: ProcessEnvironment([:])).credentials())
        XCTAssertNil(try EnvironmentCredentialProvider(environment: ProcessEnvironment(["AWS_ACCESS_KEY_ID": ""])).credentials())
    }

    func testEnvironmentKeyWithoutSecretIsIncomplete() {
        let provider = EnvironmentCredentialProvider(environment: ProcessEnvironment(["AWS_ACCESS_KEY_ID": "AKIDENV"]))
        XCTAssertThrowsConfigError(
            .incompleteCredentials(source: "environment variables", present: "AWS_ACCESS_KEY_ID", missing: "AWS_SECRET_ACCESS_KEY"),
            try provider.credentials())
    }

    func testEnvironmentSecretWithoutKeyIsIgnoredLikeBotocore() throws {
        // botocore's EnvProvider only looks further when AWS_ACCESS_KEY_ID is non-empty.
        let provider = EnvironmentCredentialProvider(environment: ProcessEnvironment(["AWS_SECRET_ACCESS_KEY": secret]))
        XCTAssertNil(try provider.credentials())
    }

    func testEnvironmentExpiration() throws {
        let provider = EnvironmentCredentialProvider(environment: ProcessEnvironment([
            "AWS_ACCESS_KEY_ID": "A", "AWS_SECRET_ACCESS_KEY": "S", "AWS_CREDENTIAL_EXPIRATION": "2030-01-02T03:04:05Z",
        ]))
        XCTAssertEqual(try provider.credentials()?.expiration, Date(timeIntervalSince1970: 1_893_553_445))
        let fractional = EnvironmentCredentialProvider(environment: ProcessEnvironment([
            "AWS_ACCESS_KEY_ID": "A", "AWS_SECRET_ACCESS_KEY": "S", "AWS_CREDENTIAL_EXPIRATION": "2030-01-02T03:04:05.500Z",
        ]))
        XCTAssertEqual(try fractional.credentials()?.expiration, Date(timeIntervalSince1970: 1_893_553_445.5))
        let broken = EnvironmentCredentialProvider(environment: ProcessEnvironment([
            "AWS_ACCESS_KEY_ID": "A", "AWS_SECRET_ACCESS_KEY": "S", "AWS_CREDENTIAL_EXPIRATION": "tomorrow",
        ]))
        XCTAssertThrowsConfigError(
            .invalidSetting(name: "credential expiration", value: "tomorrow", source: .environment("AWS_CREDENTIAL_EXPIRATION"),
                            expected: "an ISO 8601 timestamp such as 2030-01-01T00:00:00Z"),
            try broken.credentials())
    }

    // MARK: profile

    private func files(config: String? = nil, credentials: String? = nil) throws -> SharedConfigFiles {
        SharedConfigFiles(
            configPath: "/h/.aws/config", credentialsPath: "/h/.aws/credentials",
            config: try config.map { try SharedConfigFile(parsing: $0, kind: .config, path: "/h/.aws/config") },
            credentials: try credentials.map { try SharedConfigFile(parsing: $0, kind: .credentials, path: "/h/.aws/credentials") })
    }

    func testProfileProviderReadsCredentialsFile() throws {
        let provider = ProfileCredentialProvider(profileName: "dev", files: try files(credentials: """
        [default]
        aws_access_key_id = AKIDDEFAULT
        aws_secret_access_key = default-secret
        [dev]
        aws_access_key_id = AKIDDEV
        aws_secret_access_key = dev-secret
        aws_session_token = dev-token
        """))
        XCTAssertEqual(try provider.credentials(),
                       AWSCredentials(accessKeyId: "AKIDDEV", secretAccessKey: "dev-secret", sessionToken: "dev-token"))
    }

    func testProfileProviderFallsBackToConfigFileWithLegacyToken() throws {
        let provider = ProfileCredentialProvider(profileName: "dev", files: try files(config: """
        [profile dev]
        aws_access_key_id = AKIDCONF
        aws_secret_access_key = conf-secret
        aws_security_token = legacy
        aws_session_token = modern
        """))
        XCTAssertEqual(try provider.credentials(),
                       AWSCredentials(accessKeyId: "AKIDCONF", secretAccessKey: "conf-secret", sessionToken: "legacy"))
    }

    func testCredentialsFileWinsOverConfigFileWithoutMixing() throws {
        let both = try files(
            config: """
            [profile dev]
            aws_access_key_id = AKIDCONF
            aws_secret_access_key = conf-secret
            aws_session_token = conf-token
            """,
            credentials: """
            [dev]
            aws_access_key_id = AKIDCREDS
            aws_secret_access_key = creds-secret
            """)
        // The token from the config file is not mixed into the credentials file's keys.
        XCTAssertEqual(try ProfileCredentialProvider(profileName: "dev", files: both).credentials(),
                       AWSCredentials(accessKeyId: "AKIDCREDS", secretAccessKey: "creds-secret"))

        // A credentials-file section without a key id does not count; the config file's keys are used whole.
        let secretOnly = try files(
            config: "[profile dev]\naws_access_key_id = AKIDCONF\naws_secret_access_key = conf-secret\n",
            credentials: "[dev]\naws_secret_access_key = orphan\n")
        XCTAssertEqual(try ProfileCredentialProvider(profileName: "dev", files: secretOnly).credentials(),
                       AWSCredentials(accessKeyId: "AKIDCONF", secretAccessKey: "conf-secret"))
    }

    func testProfileKeyWithoutSecretIsIncomplete() throws {
        let provider = ProfileCredentialProvider(profileName: "dev", files: try files(credentials: """
        [dev]
        aws_access_key_id = AKIDDEV
        aws_secret_access_key =
        """))
        XCTAssertThrowsConfigError(
            .incompleteCredentials(source: "profile \"dev\" of /h/.aws/credentials",
                                   present: "aws_access_key_id", missing: "aws_secret_access_key"),
            try provider.credentials())
    }

    func testProfileWithoutKeysOrMissingReturnsNil() throws {
        let shared = try files(config: "[profile dev]\nregion = us-east-1\n", credentials: "[other]\naws_access_key_id = X\naws_secret_access_key = Y\n")
        XCTAssertNil(try ProfileCredentialProvider(profileName: "dev", files: shared).credentials())
        XCTAssertNil(try ProfileCredentialProvider(profileName: "nope", files: shared).credentials())
        XCTAssertNil(try ProfileCredentialProvider(profileName: "default", files: try files()).credentials())
    }

    func testBareSectionInConfigFileIsNotAProfile() throws {
        let provider = ProfileCredentialProvider(profileName: "dev", files: try files(config: """
        [dev]
        aws_access_key_id = AKID
        aws_secret_access_key = S
        """))
        XCTAssertNil(try provider.credentials())
    }

    func testProfileProviderNameListsFilesAndWhetherTheyExist() throws {
        let provider = ProfileCredentialProvider(profileName: "dev", files: try files(config: "[default]\n"))
        XCTAssertEqual(provider.name, "profile \"dev\" in shared credentials file (/h/.aws/credentials, not found) "
                       + "and config file (/h/.aws/config)")
    }

    // MARK: chain

    private struct Fixed: CredentialProvider {
        let name: String
        let result: Result<AWSCredentials?, AWSConfigError>
        func credentials() throws -> AWSCredentials? { try result.get() }
    }

    func testChainReturnsFirstNonNil() throws {
        let first = AWSCredentials(accessKeyId: "FIRST", secretAccessKey: "1")
        let chain = CredentialProviderChain(providers: [
            Fixed(name: "none", result: .success(nil)),
            Fixed(name: "one", result: .success(first)),
            Fixed(name: "two", result: .success(AWSCredentials(accessKeyId: "SECOND", secretAccessKey: "2"))),
        ], profileName: "p")
        XCTAssertEqual(try chain.credentials(), first)
        XCTAssertEqual(try chain.resolve(), first)
    }

    func testChainStopsAtABrokenProvider() {
        let broken = AWSConfigError.incompleteCredentials(source: "x", present: "a", missing: "b")
        let chain = CredentialProviderChain(providers: [
            Fixed(name: "broken", result: .failure(broken)),
            Fixed(name: "fine", result: .success(AWSCredentials(accessKeyId: "A", secretAccessKey: "S"))),
        ], profileName: "p")
        XCTAssertThrowsConfigError(broken, try chain.credentials())
    }

    func testChainWithNothingThrowsMissingCredentialsListingWhatWasTried() {
        let chain = CredentialProviderChain(
            providers: [Fixed(name: "a", result: .success(nil)), Fixed(name: "b", result: .success(nil))],
            profileName: "p", skipped: ["env (skipped)"])
        XCTAssertThrowsConfigError(.missingCredentials(profile: "p", tried: ["env (skipped)", "a", "b"]), try chain.credentials())
    }

    func testDefaultChainOrderEnvironmentThenProfile() throws {
        let shared = try files(credentials: "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = file-secret\n")
        let env = ProcessEnvironment(["AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "env-secret"])
        let implicit = CredentialProviderChain.sdkDefault(profileName: "default", profileIsExplicit: false, environment: env, files: shared)
        XCTAssertEqual(implicit.providers.map(\.name).first, "environment variables (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)")
        XCTAssertEqual(try implicit.resolve().accessKeyId, "AKIDENV")

        let explicit = CredentialProviderChain.sdkDefault(profileName: "default", profileIsExplicit: true, environment: env, files: shared)
        XCTAssertEqual(explicit.providers.count, 1)
        XCTAssertEqual(try explicit.resolve().accessKeyId, "AKIDFILE")
        XCTAssertEqual(explicit.skipped, ["environment variables (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) (ignored because --profile was given)"])

        let noEnv = CredentialProviderChain.sdkDefault(profileName: "default", profileIsExplicit: false, environment: ProcessEnvironment([:]), files: shared)
        XCTAssertEqual(try noEnv.resolve().accessKeyId, "AKIDFILE")
    }
}
