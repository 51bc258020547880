import Foundation

/// Credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, as botocore's `EnvProvider`.
///
/// - Only a non-empty AWS_ACCESS_KEY_ID switches this source on. A secret without a
///   key id is ignored (the chain moves on), a key id without a secret is an error.
/// - The token is AWS_SECURITY_TOKEN (legacy) if set, else AWS_SESSION_TOKEN; botocore
///   checks them in that order.
/// - AWS_CREDENTIAL_EXPIRATION (ISO 8601), if set, becomes `expiration`.
public struct EnvironmentCredentialProvider: CredentialProvider {
    public static let accessKeyVariable = "AWS_ACCESS_KEY_ID"
    public static let secretKeyVariable = "AWS_SECRET_ACCESS_KEY"
    public static let tokenVariables = ["AWS_SECURITY_TOKEN", "AWS_SESSION_TOKEN"]
    public static let expirationVariable = "AWS_CREDENTIAL_EXPIRATION"

    public let environment: ProcessEnvironment

    public init(environment: ProcessEnvironment) {
        self.environment = environment
    }

    public var name: String { "environment variables (\(Self.accessKeyVariable), \(Self.secretKeyVariable))" }

    public func credentials() throws -> AWSCredentials? {
        guard let accessKey = environment.value(Self.accessKeyVariable) else { return nil }
        guard let secretKey = environment.value(Self.secretKeyVariable) else {
            throw AWSConfigError.incompleteCredentials(
                source: "environment variables", present: Self.accessKeyVariable, missing: Self.secretKeyVariable)
        }
        let token = Self.tokenVariables.lazy.compactMap { environment.value($0) }.first
        var expiration: Date?
        if let text = environment.value(Self.expirationVariable) {
            guard let date = Self.parseTimestamp(text) else {
                throw AWSConfigError.invalidSetting(
                    name: "credential expiration", value: text,
                    source: .environment(Self.expirationVariable),
                    expected: "an ISO 8601 timestamp such as 2030-01-01T00:00:00Z")
            }
            expiration = date
        }
        return AWSCredentials(accessKeyId: accessKey, secretAccessKey: secretKey, sessionToken: token, expiration: expiration)
    }

    /// ISO 8601 with or without fractional seconds (STS and `aws configure export-credentials` emit both).
    static func parseTimestamp(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: trimmed) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: trimmed)
    }
}

extension EnvironmentCredentialProvider: CustomStringConvertible, CustomDebugStringConvertible {
    public var description: String { name }
    public var debugDescription: String { name }
}
