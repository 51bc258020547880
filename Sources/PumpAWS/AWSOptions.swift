/// Flags a command line gives; nil means "not given".
///
/// An empty string is treated like nil: `--profile ""` is almost always a script
/// expanding an unset variable, and failing on it helps nobody.
public struct AWSOptions: Sendable, Equatable {
    /// `--profile`. Unlike `AWS_PROFILE`, an explicit profile also switches off
    /// environment-variable credentials (botocore does the same).
    public var profile: String?
    /// `--region`.
    public var region: String?
    /// `--endpoint-url`. Always honoured, even with `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS`.
    public var endpointURL: String?

    public init(profile: String? = nil, region: String? = nil, endpointURL: String? = nil) {
        self.profile = profile
        self.region = region
        self.endpointURL = endpointURL
    }
}
