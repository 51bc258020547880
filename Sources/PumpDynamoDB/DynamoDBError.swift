import PumpHTTP

/// A failed DynamoDB call, with what operators need to act on it.
public struct DynamoDBError: Error, CustomStringConvertible {
    public enum Kind: Sendable {
        /// DynamoDB answered with an error (`__type` / `message`).
        case service(code: String, message: String, status: Int)
        /// No usable HTTP response.
        case transport(HTTPError)
        /// A 200 response pump cannot parse.
        case malformedResponse(String)
        /// Signing was impossible (credentials could not be resolved).
        case credentials(String)
    }

    public var operation: String
    public var kind: Kind
    /// How many attempts were made, retries included.
    public var attempts: Int

    public init(operation: String, kind: Kind, attempts: Int = 1) {
        self.operation = operation
        self.kind = kind
        self.attempts = attempts
    }

    /// The error code DynamoDB sent (e.g. `ResourceNotFoundException`), if it sent one.
    public var code: String? {
        if case .service(let code, _, _) = kind { return code }
        return nil
    }

    public var isResourceNotFound: Bool { code == "ResourceNotFoundException" }

    public var description: String {
        let tries = attempts > 1 ? " after \(attempts) attempts" : ""
        switch kind {
        case .service(let code, let message, let status):
            return "\(operation) failed\(tries): \(code) (HTTP \(status)): \(message)\(hint(code))"
        case .transport(let error):
            return "\(operation) failed\(tries): \(error)"
        case .malformedResponse(let detail):
            return "\(operation) returned a response pump cannot read: \(detail)"
        case .credentials(let detail):
            return "\(operation) could not be signed: \(detail)"
        }
    }

    private func hint(_ code: String) -> String {
        switch code {
        case "UnrecognizedClientException", "InvalidSignatureException", "MissingAuthenticationTokenException":
            return " — check the credentials (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or --profile) and that they belong to this endpoint's account"
        case "ExpiredTokenException":
            return " — the session token has expired; refresh the credentials"
        case "AccessDeniedException":
            return " — the credentials lack permission for dynamodb:\(operation)"
        default:
            return ""
        }
    }
}
