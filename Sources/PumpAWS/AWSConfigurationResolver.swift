import Foundation

/// Works out profile, region, endpoint, retry settings and the credential chain
/// from command-line flags, environment and the shared config files, with the
/// precedence of the AWS CLI / SDKs. Reads nothing global: the environment and
/// file access are injected.
public struct AWSConfigurationResolver: Sendable {
    public var environment: ProcessEnvironment
    /// Returns a file's contents, or nil if it does not exist. Gets expanded paths.
    public var readFile: @Sendable (String) -> String?

    public init(
        environment: ProcessEnvironment,
        readFile: @Sendable @escaping (String) -> String? = { SharedConfigFiles.readFromDisk($0) }
    ) {
        self.environment = environment
        self.readFile = readFile
    }

    /// Profile name order. botocore reads AWS_DEFAULT_PROFILE *before* AWS_PROFILE
    /// (`'profile': (None, ['AWS_DEFAULT_PROFILE', 'AWS_PROFILE'], ...)`), so we do too.
    public static let profileVariables = ["AWS_DEFAULT_PROFILE", "AWS_PROFILE"]
    /// AWS_REGION is what the other SDKs read; botocore only knows AWS_DEFAULT_REGION.
    public static let regionVariables = ["AWS_REGION", "AWS_DEFAULT_REGION"]
    public static let retryModes = ["legacy", "standard", "adaptive"]

    public func resolve(_ options: AWSOptions, service: String = "dynamodb") throws -> ResolvedAWSConfiguration {
        let (profileName, profileSource) = profile(options)
        let files = try loadFiles()
        // botocore only tolerates a missing profile when none was asked for at all;
        // `--profile default` or AWS_PROFILE=default must exist like any other.
        if profileSource != .default, !files.hasProfile(profileName) {
            throw AWSConfigError.profileNotFound(
                profile: profileName, source: profileSource, searchedFiles: [files.configPath, files.credentialsPath])
        }
        let settings = Settings(environment: environment, profileName: profileName, profile: files.profile(profileName) ?? [:])

        let (region, regionSource) = try resolveRegion(options, settings, files: files)
        let (endpoint, endpointSource) = try resolveEndpoint(
            options, settings, files: files, endpoint: ServiceEndpoint(service: service), region: region)
        let chain = CredentialProviderChain.sdkDefault(
            profileName: profileName, profileIsExplicit: profileSource == .flag("--profile"),
            environment: environment, files: files)

        return ResolvedAWSConfiguration(
            profileName: profileName, profileSource: profileSource,
            region: region, regionSource: regionSource,
            endpoint: endpoint, endpointSource: endpointSource,
            credentialProvider: chain,
            maxAttempts: try resolveMaxAttempts(settings),
            retryMode: try resolveRetryMode(settings),
            files: files)
    }

    /// --profile > AWS_DEFAULT_PROFILE > AWS_PROFILE > "default".
    func profile(_ options: AWSOptions) -> (String, ConfigSource) {
        if let flag = options.profile, !flag.isEmpty { return (flag, .flag("--profile")) }
        for name in Self.profileVariables {
            if let value = environment.value(name) { return (value, .environment(name)) }
        }
        return ("default", .default)
    }

    /// AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE or the ~/.aws defaults, with
    /// `$VAR` and `~` expanded as botocore does.
    public func loadFiles() throws -> SharedConfigFiles {
        let configPath = environment.expandingPath(environment.value("AWS_CONFIG_FILE") ?? "~/.aws/config")
        let credentialsPath = environment.expandingPath(
            environment.value("AWS_SHARED_CREDENTIALS_FILE") ?? "~/.aws/credentials")
        return try SharedConfigFiles.load(configPath: configPath, credentialsPath: credentialsPath, readFile: readFile)
    }

    /// --region > AWS_REGION > AWS_DEFAULT_REGION > profile `region`.
    private func resolveRegion(_ options: AWSOptions, _ settings: Settings, files: SharedConfigFiles) throws -> (String, ConfigSource) {
        let found: (String, ConfigSource)?
        if let flag = options.region, !flag.isEmpty {
            found = (flag, .flag("--region"))
        } else {
            found = settings.first(environment: Self.regionVariables, profileKey: "region")
        }
        guard let (region, source) = found else {
            throw AWSConfigError.missingRegion(profile: settings.profileName, configFile: files.configPath)
        }
        guard ServiceEndpoint.isValidRegion(region) else {
            throw AWSConfigError.invalidRegion(value: region, source: source)
        }
        return (region, source)
    }

    /// --endpoint-url > AWS_ENDPOINT_URL_<SERVICE> > AWS_ENDPOINT_URL > `[services x]`
    /// `<service>.endpoint_url` > profile `endpoint_url` > the partition default.
    /// The four configured sources (not the flag) are skipped when
    /// ignore_configured_endpoint_urls is true; the order is botocore's
    /// `ConfiguredEndpointProvider._ENDPOINT_URL_LOOKUP_ORDER`.
    private func resolveEndpoint(
        _ options: AWSOptions, _ settings: Settings, files: SharedConfigFiles, endpoint: ServiceEndpoint, region: String
    ) throws -> (URL, ConfigSource) {
        if let flag = options.endpointURL, !flag.isEmpty {
            return (try validated(flag, source: .flag("--endpoint-url")), .flag("--endpoint-url"))
        }
        if !ignoreConfiguredEndpoints(settings) {
            for name in [endpoint.environmentVariable, "AWS_ENDPOINT_URL"] {
                if let value = environment.value(name) {
                    return (try validated(value, source: .environment(name)), .environment(name))
                }
            }
            if let sectionName = settings.string("services") {
                guard let section = files.servicesSection(sectionName) else {
                    throw AWSConfigError.servicesSectionNotFound(
                        section: sectionName, profile: settings.profileName, configFile: files.configPath)
                }
                if let value = section[endpoint.servicesSectionKey]?.section?["endpoint_url"], !value.isEmpty {
                    let source = ConfigSource.profile(
                        settings.profileName, key: "\(endpoint.servicesSectionKey).endpoint_url of [services \(sectionName)]")
                    return (try validated(value, source: source), source)
                }
            }
            if let value = settings.string("endpoint_url") {
                let source = ConfigSource.profile(settings.profileName, key: "endpoint_url")
                return (try validated(value, source: source), source)
            }
        }
        return (endpoint.defaultURL(region: region), .default)
    }

    /// AWS_IGNORE_CONFIGURED_ENDPOINT_URLS > profile; botocore's `ensure_boolean`
    /// (only a case-insensitive "true" is true, so an env "false" overrides a profile "true").
    private func ignoreConfiguredEndpoints(_ settings: Settings) -> Bool {
        let key = "ignore_configured_endpoint_urls"
        guard let (value, _) = settings.first(environment: ["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"], profileKey: key) else {
            return false
        }
        return value.lowercased() == "true"
    }

    private func validated(_ value: String, source: ConfigSource) throws -> URL {
        switch ServiceEndpoint.validate(value) {
        case .success(let url): return url
        case .failure(let problem):
            throw AWSConfigError.invalidEndpointURL(value: value, source: source, reason: problem.reason)
        }
    }

    /// AWS_MAX_ATTEMPTS > profile `max_attempts`; a positive integer (botocore: `int()`, then >= 1).
    private func resolveMaxAttempts(_ settings: Settings) throws -> Int? {
        guard let (text, source) = settings.first(environment: ["AWS_MAX_ATTEMPTS"], profileKey: "max_attempts") else {
            return nil
        }
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)), value >= 1 else {
            throw AWSConfigError.invalidSetting(name: "max_attempts", value: text, source: source, expected: "a whole number of at least 1")
        }
        return value
    }

    /// AWS_RETRY_MODE > profile `retry_mode`; exactly legacy, standard or adaptive (case-sensitive, as botocore).
    private func resolveRetryMode(_ settings: Settings) throws -> String? {
        guard let (mode, source) = settings.first(environment: ["AWS_RETRY_MODE"], profileKey: "retry_mode") else {
            return nil
        }
        guard Self.retryModes.contains(mode) else {
            throw AWSConfigError.invalidSetting(
                name: "retry_mode", value: mode, source: source, expected: Self.retryModes.joined(separator: ", ") + " (lower case)")
        }
        return mode
    }

    /// The environment-then-profile lookup every plain setting uses.
    private struct Settings {
        let environment: ProcessEnvironment
        let profileName: String
        let profile: ConfigSection

        /// A plain, non-empty profile value; sub-sections and empty values count as unset.
        func string(_ key: String) -> String? {
            guard let value = profile[key]?.string, !value.isEmpty else { return nil }
            return value
        }

        func first(environment names: [String], profileKey: String) -> (String, ConfigSource)? {
            for name in names {
                if let value = environment.value(name) { return (value, .environment(name)) }
            }
            return string(profileKey).map { ($0, .profile(profileName, key: profileKey)) }
        }
    }
}

extension AWSConfigurationResolver: CustomStringConvertible, CustomDebugStringConvertible {
    public var description: String { "AWSConfigurationResolver(\(environment))" }
    public var debugDescription: String { description }
}
