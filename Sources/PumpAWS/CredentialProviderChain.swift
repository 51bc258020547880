/// Tries providers in order and returns the first credentials found, like
/// botocore's `CredentialResolver`. If no provider has any, `credentials()` throws
/// `AWSConfigError.missingCredentials` naming everything that was tried, rather
/// than returning nil: the chain is the end of the line.
public struct CredentialProviderChain: CredentialProvider {
    public let providers: [any CredentialProvider]
    /// The profile the chain was built for; shown in the missing-credentials message.
    public let profileName: String
    /// Sources deliberately left out, with the reason, e.g.
    /// "environment variables (ignored because --profile was given)".
    public let skipped: [String]

    public init(providers: [any CredentialProvider], profileName: String, skipped: [String] = []) {
        self.providers = providers
        self.profileName = profileName
        self.skipped = skipped
    }

    /// The SDKs' default chain as far as this module implements it: environment,
    /// then the profile's static keys.
    ///
    /// Mirrors botocore's `create_credential_resolver`: "An explicitly provided profile
    /// will negate an EnvProvider". Only `--profile` counts as explicit; a profile
    /// chosen through AWS_PROFILE leaves environment credentials first in line.
    public static func sdkDefault(
        profileName: String,
        profileIsExplicit: Bool,
        environment: ProcessEnvironment,
        files: SharedConfigFiles
    ) -> CredentialProviderChain {
        let envProvider = EnvironmentCredentialProvider(environment: environment)
        let profile = ProfileCredentialProvider(profileName: profileName, files: files)
        // Later providers (web identity, SSO, process, container, IMDS) slot in around
        // `profile` in botocore's order; see `create_credential_resolver`.
        if profileIsExplicit {
            return CredentialProviderChain(
                providers: [profile], profileName: profileName,
                skipped: ["\(envProvider.name) (ignored because --profile was given)"])
        }
        return CredentialProviderChain(providers: [envProvider, profile], profileName: profileName)
    }

    public var name: String { "credential chain for profile \"\(profileName)\"" }

    public func credentials() throws -> AWSCredentials? {
        try resolve()
    }

    /// The first credentials any provider has; errors from a broken provider stop the
    /// search, as in botocore, so a half-configured source is never silently skipped.
    public func resolve() throws -> AWSCredentials {
        for provider in providers {
            if let credentials = try provider.credentials() { return credentials }
        }
        throw AWSConfigError.missingCredentials(profile: profileName, tried: skipped + providers.map(\.name))
    }
}

extension CredentialProviderChain: CustomStringConvertible, CustomDebugStringConvertible {
    public var description: String { "\(name): \((skipped + providers.map(\.name)).joined(separator: "; "))" }
    public var debugDescription: String { description }
}
