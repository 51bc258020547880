/// Static keys from a shared-config profile: first the credentials file, then the
/// config file, like botocore's `SharedCredentialProvider` followed by its
/// `ConfigProvider`.
///
/// The files are not mixed: if the credentials-file section has `aws_access_key_id`,
/// the key, secret and token all come from there; otherwise the config-file profile
/// is tried as a whole. A section with a key id but no secret is an error; a section
/// without a key id is simply "nothing here".
public struct ProfileCredentialProvider: CredentialProvider {
    public static let accessKeyKey = "aws_access_key_id"
    public static let secretKeyKey = "aws_secret_access_key"
    /// botocore checks the legacy name first.
    public static let tokenKeys = ["aws_security_token", "aws_session_token"]

    public let profileName: String
    public let files: SharedConfigFiles

    public init(profileName: String, files: SharedConfigFiles) {
        self.profileName = profileName
        self.files = files
    }

    public var name: String {
        "profile \"\(profileName)\" in shared credentials file (\(Self.describe(files.credentialsPath, files.credentials))) "
            + "and config file (\(Self.describe(files.configPath, files.config)))"
    }

    public func credentials() throws -> AWSCredentials? {
        if let section = files.credentials?.profiles[profileName],
           let credentials = try Self.staticCredentials(in: section, source: sourceName(files.credentialsPath)) {
            return credentials
        }
        if let section = files.config?.profiles[profileName],
           let credentials = try Self.staticCredentials(in: section, source: sourceName(files.configPath)) {
            return credentials
        }
        return nil
    }

    private func sourceName(_ path: String) -> String {
        "profile \"\(profileName)\" of \(path)"
    }

    private static func describe(_ path: String, _ file: SharedConfigFile?) -> String {
        file == nil ? "\(path), not found" : path
    }

    /// An empty secret counts as missing: it would only fail later, at signing
    /// time, with a far less helpful message.
    private static func staticCredentials(in section: ConfigSection, source: String) throws -> AWSCredentials? {
        // An empty key id means "not configured", matching an empty AWS_ACCESS_KEY_ID.
        guard let accessKey = section[accessKeyKey]?.string, !accessKey.isEmpty else { return nil }
        guard let secretKey = section[secretKeyKey]?.string, !secretKey.isEmpty else {
            throw AWSConfigError.incompleteCredentials(source: source, present: accessKeyKey, missing: secretKeyKey)
        }
        let token = tokenKeys.lazy.compactMap { section[$0]?.string }.first(where: { !$0.isEmpty })
        return AWSCredentials(accessKeyId: accessKey, secretAccessKey: secretKey, sessionToken: token)
    }
}

extension ProfileCredentialProvider: CustomStringConvertible, CustomDebugStringConvertible {
    public var description: String { name }
    public var debugDescription: String { name }
}
