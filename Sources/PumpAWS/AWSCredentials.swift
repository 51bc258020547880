import Foundation

/// Static AWS credentials. `description` never reveals the secret or token.
public struct AWSCredentials: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    public var accessKeyId: String
    public var secretAccessKey: String
    /// Present for temporary (STS) credentials; sent as `X-Amz-Security-Token`.
    public var sessionToken: String?
    /// When temporary credentials stop working; `nil` for long-lived keys.
    public var expiration: Date?

    public init(accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil, expiration: Date? = nil) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
    }

    // Credentials end up in log lines and error messages via string interpolation,
    // so both descriptions are built from non-secret fields only.
    public var description: String {
        var text = "AWSCredentials(accessKeyId: \(Self.mask(accessKeyId)), sessionToken: \(sessionToken == nil ? "none" : "present")"
        if let expiration {
            text += ", expiration: \(expiration)"
        }
        return text + ")"
    }

    public var debugDescription: String { description }

    /// Keeps the first and last four characters, which is enough to tell keys apart
    /// in logs; short ids are hidden entirely rather than partially revealed.
    static func mask(_ id: String) -> String {
        guard id.count > 8 else { return "…" }
        return "\(id.prefix(4))…\(id.suffix(4))"
    }
}
