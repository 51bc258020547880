/// Everything that can go wrong while working out which AWS account, region and
/// endpoint to talk to. Messages are one line, written for the operator: they name
/// the setting, where it came from and how to fix it. They never contain a secret
/// key, session token or config-file line (a malformed line may hold a secret).
public enum AWSConfigError: Error, Equatable, CustomStringConvertible {
    /// No provider in the chain had credentials. `tried` lists the providers' names in order.
    case missingCredentials(profile: String, tried: [String])
    /// A profile was asked for (flag or environment) but exists in neither file.
    case profileNotFound(profile: String, source: ConfigSource, searchedFiles: [String])
    /// No region anywhere.
    case missingRegion(profile: String, configFile: String)
    /// The region is not a valid host label, so it cannot be part of an endpoint.
    case invalidRegion(value: String, source: ConfigSource)
    /// An endpoint URL that does not parse, is not http(s), or has no valid host.
    case invalidEndpointURL(value: String, source: ConfigSource, reason: String)
    /// One half of a key pair is present without the other. `source` is e.g.
    /// "environment variables" or "profile \"x\" in /path/credentials".
    case incompleteCredentials(source: String, present: String, missing: String)
    /// The config or credentials file cannot be parsed.
    case malformedConfigFile(path: String, line: Int, reason: String)
    /// A profile's `services = name` points at a `[services name]` section that does not exist.
    case servicesSectionNotFound(section: String, profile: String, configFile: String)
    /// A setting has a value of the wrong shape (max_attempts, retry_mode, ...).
    case invalidSetting(name: String, value: String, source: ConfigSource, expected: String)

    public var description: String {
        switch self {
        case .missingCredentials(let profile, let tried):
            let triedText = tried.isEmpty ? "" : " (tried: \(tried.joined(separator: "; ")))"
            return "Unable to locate AWS credentials for profile \"\(profile)\"\(triedText). "
                + "Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or add aws_access_key_id and "
                + "aws_secret_access_key to the profile in ~/.aws/credentials (or the file named by "
                + "AWS_SHARED_CREDENTIALS_FILE), or choose another profile with --profile."
        case .profileNotFound(let profile, let source, let files):
            return "The config profile (\(profile)) could not be found (profile from \(source); looked in "
                + "\(files.joined(separator: " and "))). Add [profile \(profile)] to the config file or "
                + "[\(profile)] to the credentials file, or pass an existing profile with --profile."
        case .missingRegion(let profile, let configFile):
            return "No AWS region configured for profile \"\(profile)\". Pass --region, set AWS_REGION or "
                + "AWS_DEFAULT_REGION, or add `region = <region>` to the profile in \(configFile)."
        case .invalidRegion(let value, let source):
            return "Invalid AWS region \"\(value)\" from \(source): expected a name like us-east-1 "
                + "(letters, digits and hyphens). Fix \(source)."
        case .invalidEndpointURL(let value, let source, let reason):
            return "Invalid endpoint URL \"\(Self.redactingUserInfo(value))\" from \(source): \(reason). "
                + "Use a URL like https://dynamodb.us-east-1.amazonaws.com or http://localhost:8000."
        case .incompleteCredentials(let source, let present, let missing):
            return "Incomplete AWS credentials in \(source): \(present) is set but \(missing) is missing. "
                + "Set both, or remove \(present) to let another credential source be used."
        case .malformedConfigFile(let path, let line, let reason):
            return "Unable to parse AWS config file \(path), line \(line): \(reason). "
                + "Fix the file or point AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE elsewhere."
        case .servicesSectionNotFound(let section, let profile, let configFile):
            return "Profile \"\(profile)\" sets `services = \(section)` but there is no [services \(section)] "
                + "section in \(configFile). Add the section or remove the setting."
        case .invalidSetting(let name, let value, let source, let expected):
            return "Invalid \(name) \"\(value)\" from \(source): expected \(expected)."
        }
    }

    /// Endpoint URLs may carry `user:password@`; that part is not ours to print.
    private static func redactingUserInfo(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let rest = url[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        guard let at = rest[..<authorityEnd].lastIndex(of: "@") else { return url }
        return String(url[..<schemeEnd.upperBound]) + "***" + String(rest[at...])
    }
}
