import XCTest
@testable import PumpAWS

final class ResolverTests: XCTestCase {
    private let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"

    // MARK: profile name

    func testProfileNamePrecedence() throws {
        let config = """
        [default]
        region = us-east-1
        [profile flag]
        region = eu-west-1
        [profile modern]
        region = eu-west-2
        [profile legacy]
        region = eu-west-3
        """
        let all = makeResolver(env: ["AWS_PROFILE": "modern", "AWS_DEFAULT_PROFILE": "legacy"], config: config)
        let flagged = try all.resolve(AWSOptions(profile: "flag"))
        XCTAssertEqual(flagged.profileName, "flag")
        XCTAssertEqual(flagged.profileSource, .flag("--profile"))
        XCTAssertEqual(flagged.region, "eu-west-1")

        // botocore reads AWS_DEFAULT_PROFILE before AWS_PROFILE.
        let bothEnv = try all.resolve(AWSOptions())
        XCTAssertEqual(bothEnv.profileName, "legacy")
        XCTAssertEqual(bothEnv.profileSource, .environment("AWS_DEFAULT_PROFILE"))

        let modern = try makeResolver(env: ["AWS_PROFILE": "modern"], config: config).resolve(AWSOptions())
        XCTAssertEqual(modern.profileName, "modern")
        XCTAssertEqual(modern.profileSource, .environment("AWS_PROFILE"))
        XCTAssertEqual(modern.region, "eu-west-2")

        let none = try makeResolver(env: ["AWS_PROFILE": ""], config: config).resolve(AWSOptions(profile: ""))
        XCTAssertEqual(none.profileName, "default")
        XCTAssertEqual(none.profileSource, .default)
        XCTAssertEqual(none.region, "us-east-1")
    }

    func testProfileNotFound() throws {
        let resolver = makeResolver(config: "[profile dev]\nregion = us-east-1\n", credentials: "[ci]\naws_access_key_id = A\n")
        XCTAssertThrowsConfigError(
            .profileNotFound(profile: "prod", source: .flag("--profile"),
                             searchedFiles: ["/home/tester/.aws/config", "/home/tester/.aws/credentials"]),
            try resolver.resolve(AWSOptions(profile: "prod", region: "us-east-1")))
        // A profile only in the credentials file exists.
        XCTAssertEqual(try resolver.resolve(AWSOptions(profile: "ci", region: "us-east-1")).profileName, "ci")
        // A bare [dev] in the config file does not make profile "dev"... but [profile dev] does.
        XCTAssertEqual(try resolver.resolve(AWSOptions(profile: "dev")).region, "us-east-1")

        let message = configError { try makeResolver(env: ["AWS_PROFILE": "prod"]).resolve(AWSOptions(region: "us-east-1")) }?.description ?? ""
        XCTAssertTrue(message.hasPrefix("The config profile (prod) could not be found"), message)
        XCTAssertTrue(message.contains("environment variable AWS_PROFILE"), message)
        XCTAssertTrue(message.contains("/home/tester/.aws/config and /home/tester/.aws/credentials"), message)
    }

    func testImplicitDefaultProfileMayBeMissingButExplicitDefaultMayNot() throws {
        let resolver = makeResolver()
        let resolved = try resolver.resolve(AWSOptions(region: "us-east-1"))
        XCTAssertEqual(resolved.profileName, "default")
        XCTAssertNil(resolved.files.config)
        XCTAssertNil(resolved.files.credentials)
        // botocore: a profile that was asked for must exist, even "default".
        XCTAssertThrowsConfigError(
            .profileNotFound(profile: "default", source: .environment("AWS_PROFILE"),
                             searchedFiles: ["/home/tester/.aws/config", "/home/tester/.aws/credentials"]),
            try makeResolver(env: ["AWS_PROFILE": "default"]).resolve(AWSOptions(region: "us-east-1")))
    }

    // MARK: files

    func testFileLocationsFromEnvironmentWithTildeAndVariables() throws {
        let resolver = makeResolver(
            env: ["AWS_CONFIG_FILE": "~/custom/cfg", "AWS_SHARED_CREDENTIALS_FILE": "$HOME/custom/creds"],
            extraFiles: [
                "/home/tester/custom/cfg": "[default]\nregion = sa-east-1\n",
                "/home/tester/custom/creds": "[default]\naws_access_key_id = AKIDCUSTOM\naws_secret_access_key = s\n",
            ])
        let resolved = try resolver.resolve(AWSOptions())
        XCTAssertEqual(resolved.files.configPath, "/home/tester/custom/cfg")
        XCTAssertEqual(resolved.files.credentialsPath, "/home/tester/custom/creds")
        XCTAssertEqual(resolved.region, "sa-east-1")
        XCTAssertEqual(try resolved.credentialProvider.credentials()?.accessKeyId, "AKIDCUSTOM")
    }

    func testRealFilesOnDiskWithTildeExpansion() throws {
        let home = try TemporaryDirectory()
        try home.write(".aws/config", "[profile disk]\nregion = ap-northeast-1\n")
        try home.write("elsewhere/creds", "[disk]\naws_access_key_id = AKIDDISKEXAMPLE\naws_secret_access_key = \(secret)\n")
        let resolver = AWSConfigurationResolver(environment: ProcessEnvironment([
            "HOME": home.url.path, "AWS_SHARED_CREDENTIALS_FILE": "~/elsewhere/creds",
        ]))
        let resolved = try resolver.resolve(AWSOptions(profile: "disk"))
        XCTAssertEqual(resolved.files.configPath, home.url.path + "/.aws/config")
        XCTAssertEqual(resolved.region, "ap-northeast-1")
        XCTAssertEqual(resolved.endpoint.absoluteString, "https://dynamodb.ap-northeast-1.amazonaws.com")
        XCTAssertEqual(try resolved.credentialProvider.credentials(),
                       AWSCredentials(accessKeyId: "AKIDDISKEXAMPLE", secretAccessKey: secret))
    }

    func testMalformedFileFailsResolution() {
        XCTAssertThrowsConfigError(
            .malformedConfigFile(path: "/home/tester/.aws/config", line: 1, reason: "text before the first [section] header"),
            try makeResolver(config: "region = us-east-1\n").resolve(AWSOptions(region: "us-east-1")))
    }

    // MARK: region

    func testRegionPrecedence() throws {
        let config = "[default]\nregion = eu-north-1\n"
        let env = ["AWS_REGION": "us-west-1", "AWS_DEFAULT_REGION": "us-west-2"]
        let flag = try makeResolver(env: env, config: config).resolve(AWSOptions(region: "ca-central-1"))
        XCTAssertEqual(flag.region, "ca-central-1")
        XCTAssertEqual(flag.regionSource, .flag("--region"))

        let awsRegion = try makeResolver(env: env, config: config).resolve(AWSOptions())
        XCTAssertEqual(awsRegion.region, "us-west-1")
        XCTAssertEqual(awsRegion.regionSource, .environment("AWS_REGION"))

        let defaultRegion = try makeResolver(env: ["AWS_DEFAULT_REGION": "us-west-2", "AWS_REGION": ""], config: config).resolve(AWSOptions())
        XCTAssertEqual(defaultRegion.region, "us-west-2")
        XCTAssertEqual(defaultRegion.regionSource, .environment("AWS_DEFAULT_REGION"))

        let profile = try makeResolver(config: config).resolve(AWSOptions())
        XCTAssertEqual(profile.region, "eu-north-1")
        XCTAssertEqual(profile.regionSource, .profile("default", key: "region"))
    }

    func testRegionFromCredentialsFileWinsOverConfigFile() throws {
        let resolved = try makeResolver(
            config: "[profile dev]\nregion = eu-west-1\n",
            credentials: "[dev]\nregion = us-east-2\n").resolve(AWSOptions(profile: "dev"))
        XCTAssertEqual(resolved.region, "us-east-2")
    }

    func testNamedProfileDoesNotInheritFromDefault() {
        let resolver = makeResolver(config: "[default]\nregion = us-east-1\n[profile dev]\noutput = json\n")
        XCTAssertThrowsConfigError(
            .missingRegion(profile: "dev", configFile: "/home/tester/.aws/config"),
            try resolver.resolve(AWSOptions(profile: "dev")))
    }

    func testMissingRegionMessage() {
        let error = configError { try makeResolver().resolve(AWSOptions()) }
        XCTAssertEqual(error, .missingRegion(profile: "default", configFile: "/home/tester/.aws/config"))
        let message = error?.description ?? ""
        for needle in ["--region", "AWS_REGION", "AWS_DEFAULT_REGION", "region", "/home/tester/.aws/config"] {
            XCTAssertTrue(message.contains(needle), "\(needle) missing from: \(message)")
        }
    }

    func testInvalidRegion() {
        XCTAssertThrowsConfigError(
            .invalidRegion(value: "us east 1", source: .environment("AWS_REGION")),
            try makeResolver(env: ["AWS_REGION": "us east 1"]).resolve(AWSOptions()))
        XCTAssertThrowsConfigError(
            .invalidRegion(value: "us-west-2 # prod", source: .profile("default", key: "region")),
            try makeResolver(config: "[default]\nregion = us-west-2 # prod\n").resolve(AWSOptions()))
        XCTAssertTrue(ServiceEndpoint.isValidRegion("us-gov-west-1"))
        XCTAssertFalse(ServiceEndpoint.isValidRegion("-us"))
        XCTAssertFalse(ServiceEndpoint.isValidRegion("123"))
        XCTAssertFalse(ServiceEndpoint.isValidRegion(String(repeating: "a", count: 64)))
    }

    // MARK: endpoint

    func testDefaultEndpoints() throws {
        let standard = try makeResolver().resolve(AWSOptions(region: "eu-west-1"))
        XCTAssertEqual(standard.endpoint, URL(string: "https://dynamodb.eu-west-1.amazonaws.com"))
        XCTAssertEqual(standard.endpointSource, .default)

        let china = try makeResolver().resolve(AWSOptions(region: "cn-north-1"))
        XCTAssertEqual(china.endpoint, URL(string: "https://dynamodb.cn-north-1.amazonaws.com.cn"))

        let local = try makeResolver().resolve(AWSOptions(region: "local"))
        XCTAssertEqual(local.endpoint, URL(string: "http://localhost:8000"))
        XCTAssertEqual(local.signingRegion, "us-east-1")
        XCTAssertEqual(china.signingRegion, "cn-north-1")

        XCTAssertEqual(ServiceEndpoint(service: "dynamodb").defaultURL(region: "us-gov-west-1").absoluteString,
                       "https://dynamodb.us-gov-west-1.amazonaws.com")
        XCTAssertEqual(ServiceEndpoint(service: "dynamodb").defaultURL(region: "us-isob-east-1").absoluteString,
                       "https://dynamodb.us-isob-east-1.sc2s.sgov.gov")
        XCTAssertEqual(ServiceEndpoint(service: "dynamodb").defaultURL(region: "us-iso-east-1").absoluteString,
                       "https://dynamodb.us-iso-east-1.c2s.ic.gov")
        XCTAssertEqual(ServiceEndpoint(service: "dynamodbstreams").defaultURL(region: "us-east-1").absoluteString,
                       "https://streams.dynamodb.us-east-1.amazonaws.com")
        XCTAssertEqual(ServiceEndpoint(service: "sts").defaultURL(region: "local").absoluteString,
                       "https://sts.local.amazonaws.com")
    }

    func testServiceEndpointNaming() {
        XCTAssertEqual(ServiceEndpoint(service: "dynamodb").environmentVariable, "AWS_ENDPOINT_URL_DYNAMODB")
        XCTAssertEqual(ServiceEndpoint(service: "dynamodb").servicesSectionKey, "dynamodb")
        XCTAssertEqual(ServiceEndpoint(service: "dynamodbstreams").environmentVariable, "AWS_ENDPOINT_URL_DYNAMODB_STREAMS")
        XCTAssertEqual(ServiceEndpoint(service: "dynamodbstreams").servicesSectionKey, "dynamodb_streams")
        XCTAssertEqual(ServiceEndpoint(service: "Elastic Beanstalk").environmentVariable, "AWS_ENDPOINT_URL_ELASTIC_BEANSTALK")
    }

    private let endpointConfig = """
    [default]
    region = us-east-1
    services = local
    endpoint_url = http://profile-global:1
    [services local]
    dynamodb =
      endpoint_url = http://services-section:2
    s3 =
      endpoint_url = http://not-dynamodb:9
    """

    func testEndpointPrecedence() throws {
        let env = ["AWS_ENDPOINT_URL_DYNAMODB": "http://env-service:3", "AWS_ENDPOINT_URL": "http://env-global:4"]

        let flag = try makeResolver(env: env, config: endpointConfig).resolve(AWSOptions(endpointURL: "http://flag:5"))
        XCTAssertEqual(flag.endpoint.absoluteString, "http://flag:5")
        XCTAssertEqual(flag.endpointSource, .flag("--endpoint-url"))

        let envService = try makeResolver(env: env, config: endpointConfig).resolve(AWSOptions())
        XCTAssertEqual(envService.endpoint.absoluteString, "http://env-service:3")
        XCTAssertEqual(envService.endpointSource, .environment("AWS_ENDPOINT_URL_DYNAMODB"))

        let envGlobal = try makeResolver(env: ["AWS_ENDPOINT_URL": "http://env-global:4"], config: endpointConfig).resolve(AWSOptions())
        XCTAssertEqual(envGlobal.endpoint.absoluteString, "http://env-global:4")
        XCTAssertEqual(envGlobal.endpointSource, .environment("AWS_ENDPOINT_URL"))

        let services = try makeResolver(config: endpointConfig).resolve(AWSOptions())
        XCTAssertEqual(services.endpoint.absoluteString, "http://services-section:2")
        XCTAssertEqual(services.endpointSource, .profile("default", key: "dynamodb.endpoint_url of [services local]"))

        let withoutServices = endpointConfig.replacingOccurrences(of: "services = local\n", with: "")
        let profileGlobal = try makeResolver(config: withoutServices).resolve(AWSOptions())
        XCTAssertEqual(profileGlobal.endpoint.absoluteString, "http://profile-global:1")
        XCTAssertEqual(profileGlobal.endpointSource, .profile("default", key: "endpoint_url"))

        // A services section without a dynamodb block falls through to the profile's endpoint_url.
        let otherServiceOnly = endpointConfig.replacingOccurrences(of: "dynamodb =\n  endpoint_url = http://services-section:2\n", with: "")
        XCTAssertEqual(try makeResolver(config: otherServiceOnly).resolve(AWSOptions()).endpoint.absoluteString,
                       "http://profile-global:1")
    }

    func testIgnoreConfiguredEndpointURLs() throws {
        let env = ["AWS_ENDPOINT_URL_DYNAMODB": "http://env-service:3", "AWS_ENDPOINT_URL": "http://env-global:4"]
        let ignoring = env.merging(["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "TRUE"]) { $1 }

        let ignored = try makeResolver(env: ignoring, config: endpointConfig).resolve(AWSOptions())
        XCTAssertEqual(ignored.endpoint.absoluteString, "https://dynamodb.us-east-1.amazonaws.com")
        XCTAssertEqual(ignored.endpointSource, .default)

        // The flag is never ignored.
        let flag = try makeResolver(env: ignoring, config: endpointConfig).resolve(AWSOptions(endpointURL: "http://flag:5"))
        XCTAssertEqual(flag.endpoint.absoluteString, "http://flag:5")

        // The profile can ask for it too...
        let profileIgnores = endpointConfig + "\n[profile strict]\nregion = us-east-1\nendpoint_url = http://x:1\nignore_configured_endpoint_urls = true\n"
        let strict = try makeResolver(env: env, config: profileIgnores).resolve(AWSOptions(profile: "strict"))
        XCTAssertEqual(strict.endpointSource, .default)

        // ...but the environment variable takes precedence over the profile, and only "true" is true.
        let envSaysNo = try makeResolver(env: env.merging(["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "false"]) { $1 },
                                         config: profileIgnores).resolve(AWSOptions(profile: "strict"))
        XCTAssertEqual(envSaysNo.endpoint.absoluteString, "http://env-service:3")
        let notTrue = try makeResolver(env: env.merging(["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "1"]) { $1 }).resolve(AWSOptions(region: "us-east-1"))
        XCTAssertEqual(notTrue.endpoint.absoluteString, "http://env-service:3")

        // With endpoints ignored, a dangling services reference is not even looked at (botocore).
        let dangling = "[default]\nregion = us-east-1\nservices = missing\nignore_configured_endpoint_urls = true\n"
        XCTAssertEqual(try makeResolver(config: dangling).resolve(AWSOptions()).endpointSource, .default)
    }

    func testMissingServicesSection() {
        XCTAssertThrowsConfigError(
            .servicesSectionNotFound(section: "missing", profile: "default", configFile: "/home/tester/.aws/config"),
            try makeResolver(config: "[default]\nregion = us-east-1\nservices = missing\n").resolve(AWSOptions()))
    }

    func testInvalidEndpoints() {
        func reason(_ value: String) -> String? {
            guard case .invalidEndpointURL(let got, let source, let reason)? = configError({
                try makeResolver().resolve(AWSOptions(region: "us-east-1", endpointURL: value))
            }) else { return nil }
            XCTAssertEqual(got, value)
            XCTAssertEqual(source, .flag("--endpoint-url"))
            return reason
        }
        XCTAssertEqual(reason("localhost:8000"), "it has no http:// or https:// scheme")
        XCTAssertEqual(reason("ftp://example.com"), "the scheme must be http or https")
        XCTAssertEqual(reason("http://"), "it has no host name")
        XCTAssertEqual(reason("http://exa mple.com"), "it contains whitespace")
        XCTAssertEqual(reason("http://-bad-.example"), "the host name is not valid")
        XCTAssertEqual(reason("http://[::1"), "it is not a valid URL")

        XCTAssertThrowsConfigError(
            .invalidEndpointURL(value: "dynamodb.local", source: .environment("AWS_ENDPOINT_URL"), reason: "it has no http:// or https:// scheme"),
            try makeResolver(env: ["AWS_ENDPOINT_URL": "dynamodb.local"]).resolve(AWSOptions(region: "us-east-1")))
        XCTAssertThrowsConfigError(
            .invalidEndpointURL(value: "localhost", source: .profile("default", key: "endpoint_url"), reason: "it has no http:// or https:// scheme"),
            try makeResolver(config: "[default]\nendpoint_url = localhost\n").resolve(AWSOptions(region: "us-east-1")))
    }

    func testValidEndpointShapes() throws {
        for value in ["http://localhost:8000", "https://dynamodb.us-east-1.amazonaws.com/", "HTTP://127.0.0.1:8000",
                      "http://dynamodb_local:8000", "http://[::1]:8000", "https://example.com./path?x=1"] {
            let resolved = try makeResolver().resolve(AWSOptions(region: "us-east-1", endpointURL: value))
            XCTAssertEqual(resolved.endpoint.absoluteString, value)
        }
    }

    func testInvalidEndpointMessageRedactsUserInfo() {
        let error = AWSConfigError.invalidEndpointURL(value: "localhost://user:hunter2@host", source: .flag("--endpoint-url"), reason: "r")
        XCTAssertFalse(error.description.contains("hunter2"))
        XCTAssertTrue(error.description.contains("\"localhost://***@host\" from --endpoint-url: r."), error.description)
    }

    // MARK: retries

    func testMaxAttemptsAndRetryMode() throws {
        let config = "[default]\nregion = us-east-1\nmax_attempts = 7\nretry_mode = adaptive\n"
        let fromProfile = try makeResolver(config: config).resolve(AWSOptions())
        XCTAssertEqual(fromProfile.maxAttempts, 7)
        XCTAssertEqual(fromProfile.retryMode, "adaptive")

        let fromEnv = try makeResolver(env: ["AWS_MAX_ATTEMPTS": "3", "AWS_RETRY_MODE": "standard"], config: config).resolve(AWSOptions())
        XCTAssertEqual(fromEnv.maxAttempts, 3)
        XCTAssertEqual(fromEnv.retryMode, "standard")

        let unset = try makeResolver().resolve(AWSOptions(region: "us-east-1"))
        XCTAssertNil(unset.maxAttempts)
        XCTAssertNil(unset.retryMode)
    }

    func testInvalidRetrySettings() {
        XCTAssertThrowsConfigError(
            .invalidSetting(name: "max_attempts", value: "0", source: .environment("AWS_MAX_ATTEMPTS"), expected: "a whole number of at least 1"),
            try makeResolver(env: ["AWS_MAX_ATTEMPTS": "0"]).resolve(AWSOptions(region: "us-east-1")))
        XCTAssertThrowsConfigError(
            .invalidSetting(name: "max_attempts", value: "many", source: .profile("default", key: "max_attempts"),
                            expected: "a whole number of at least 1"),
            try makeResolver(config: "[default]\nmax_attempts = many\n").resolve(AWSOptions(region: "us-east-1")))
        XCTAssertThrowsConfigError(
            .invalidSetting(name: "retry_mode", value: "Standard", source: .environment("AWS_RETRY_MODE"),
                            expected: "legacy, standard, adaptive (lower case)"),
            try makeResolver(env: ["AWS_RETRY_MODE": "Standard"]).resolve(AWSOptions(region: "us-east-1")))
    }

    // MARK: credentials through the resolver

    func testExplicitProfileNegatesEnvironmentCredentialsButAWSProfileDoesNot() throws {
        let env = ["AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "env-secret"]
        let credentials = "[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = dev-secret\n"
        let config = "[profile dev]\nregion = us-east-1\n"

        let viaFlag = try makeResolver(env: env, config: config, credentials: credentials).resolve(AWSOptions(profile: "dev"))
        XCTAssertEqual(try viaFlag.credentialProvider.credentials()?.accessKeyId, "AKIDDEV")

        let viaEnv = try makeResolver(env: env.merging(["AWS_PROFILE": "dev"]) { $1 }, config: config, credentials: credentials)
            .resolve(AWSOptions())
        XCTAssertEqual(try viaEnv.credentialProvider.credentials()?.accessKeyId, "AKIDENV")
    }

    func testExplicitProfileWithoutKeysReportsIgnoredEnvironment() throws {
        let resolved = try makeResolver(
            env: ["AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": secret],
            config: "[profile dev]\nregion = us-east-1\n").resolve(AWSOptions(profile: "dev"))
        let error = configError { try resolved.credentialProvider.credentials() }
        guard case .missingCredentials(let profile, let tried)? = error else { return XCTFail("\(String(describing: error))") }
        XCTAssertEqual(profile, "dev")
        XCTAssertEqual(tried.first, "environment variables (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) (ignored because --profile was given)")
        XCTAssertFalse(error!.description.contains(secret))
    }

    func testMissingCredentialsMessage() throws {
        let resolved = try makeResolver(config: "[default]\nregion = us-east-1\n").resolve(AWSOptions())
        let error = configError { try resolved.credentialProvider.credentials() }
        XCTAssertEqual(error, .missingCredentials(profile: "default", tried: [
            "environment variables (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)",
            "profile \"default\" in shared credentials file (/home/tester/.aws/credentials, not found) and config file (/home/tester/.aws/config)",
        ]))
        let message = error?.description ?? ""
        for needle in ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "~/.aws/credentials", "AWS_SHARED_CREDENTIALS_FILE",
                       "--profile", "profile \"default\"", "/home/tester/.aws/credentials, not found", "/home/tester/.aws/config"] {
            XCTAssertTrue(message.contains(needle), "\(needle) missing from: \(message)")
        }
        XCTAssertFalse(message.contains("\n"))
    }

    func testIncompleteEnvironmentCredentialsThroughResolver() throws {
        let resolved = try makeResolver(env: ["AWS_ACCESS_KEY_ID": "AKIDENV"],
                                        credentials: "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = s\n")
            .resolve(AWSOptions(region: "us-east-1"))
        // The half-configured environment is an error, not a silent fall-through to the file.
        let error = configError { try resolved.credentialProvider.credentials() }
        XCTAssertEqual(error, .incompleteCredentials(source: "environment variables", present: "AWS_ACCESS_KEY_ID", missing: "AWS_SECRET_ACCESS_KEY"))
        XCTAssertEqual(error?.description,
                       "Incomplete AWS credentials in environment variables: AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is missing. "
                       + "Set both, or remove AWS_ACCESS_KEY_ID to let another credential source be used.")
    }

    func testConfigFileCredentialsAndNoSecretsInAnyMessage() throws {
        let resolved = try makeResolver(config: """
        [default]
        region = us-east-1
        aws_access_key_id = AKIDCONFIGEXAMPLE
        aws_secret_access_key = \(secret)
        """).resolve(AWSOptions())
        let credentials = try XCTUnwrap(try resolved.credentialProvider.credentials())
        XCTAssertEqual(credentials.secretAccessKey, secret)
        XCTAssertFalse("\(credentials)".contains(secret))
        XCTAssertFalse(String(describing: resolved).contains(secret))
        XCTAssertFalse(String(reflecting: resolved).contains(secret))
        XCTAssertFalse(String(reflecting: resolved.files).contains(secret))
        XCTAssertFalse(String(reflecting: resolved.credentialProvider).contains(secret))
        XCTAssertEqual(resolved.description,
                       "profile default (default), region us-east-1 (region in profile \"default\"), "
                       + "endpoint https://dynamodb.us-east-1.amazonaws.com (default), "
                       + "config file /home/tester/.aws/config, credentials file /home/tester/.aws/credentials (not found), "
                       + "credentials from credential chain for profile \"default\"")
    }

    func testEnvironmentHoldingSecretsPrintsSafely() {
        let env = ProcessEnvironment(["AWS_SECRET_ACCESS_KEY": secret, "HOME": "/h"])
        XCTAssertEqual("\(env)", "ProcessEnvironment(2 variables)")
        XCTAssertFalse(String(reflecting: env).contains(secret))
        XCTAssertFalse(String(reflecting: AWSConfigurationResolver(environment: env)).contains(secret))
        XCTAssertFalse(String(reflecting: EnvironmentCredentialProvider(environment: env)).contains(secret))
    }
}
