import Foundation

/// The outcome of `AWSConfigurationResolver.resolve`: everything a client needs,
/// with the origin of each choice for error messages and `--debug`.
public struct ResolvedAWSConfiguration: Sendable {
    public var profileName: String
    public var profileSource: ConfigSource
    public var region: String
    public var regionSource: ConfigSource
    public var endpoint: URL
    public var endpointSource: ConfigSource
    /// The default chain; asked lazily so later providers may do I/O only when needed.
    public var credentialProvider: any CredentialProvider
    /// From AWS_MAX_ATTEMPTS or the profile's `max_attempts`; at least 1. nil: use the retry mode's default.
    public var maxAttempts: Int?
    /// From AWS_RETRY_MODE or the profile's `retry_mode`: legacy, standard or adaptive. nil: not configured.
    public var retryMode: String?
    /// The files that were consulted (paths expanded), whether they exist or not.
    public var files: SharedConfigFiles

    public init(
        profileName: String,
        profileSource: ConfigSource,
        region: String,
        regionSource: ConfigSource,
        endpoint: URL,
        endpointSource: ConfigSource,
        credentialProvider: any CredentialProvider,
        maxAttempts: Int?,
        retryMode: String?,
        files: SharedConfigFiles
    ) {
        self.profileName = profileName
        self.profileSource = profileSource
        self.region = region
        self.regionSource = regionSource
        self.endpoint = endpoint
        self.endpointSource = endpointSource
        self.credentialProvider = credentialProvider
        self.maxAttempts = maxAttempts
        self.retryMode = retryMode
        self.files = files
    }

    /// The region to put in SigV4 signatures ("local" signs as us-east-1).
    public var signingRegion: String { ServiceEndpoint.signingRegion(for: region) }
}

/// A `--debug` summary: every choice and where it came from, never a credential.
extension ResolvedAWSConfiguration: CustomStringConvertible, CustomDebugStringConvertible {
    public var description: String {
        var parts = [
            "profile \(profileName) (\(profileSource))",
            "region \(region) (\(regionSource))",
            "endpoint \(endpoint.absoluteString) (\(endpointSource))",
        ]
        if let maxAttempts { parts.append("max_attempts \(maxAttempts)") }
        if let retryMode { parts.append("retry_mode \(retryMode)") }
        parts.append(files.description)
        parts.append("credentials from \(credentialProvider.name)")
        return parts.joined(separator: ", ")
    }
    public var debugDescription: String { description }
}
