/// Transport-level failures, before any HTTP status was received (or a corrupted body).
public enum HTTPError: Error, Equatable, CustomStringConvertible {
    case cannotResolveHost(host: String, detail: String)
    case cannotConnect(url: String, detail: String)
    case timedOut(url: String, detail: String)
    case connectionLost(url: String, detail: String)
    case tls(url: String, detail: String)
    case invalidURL(url: String, detail: String)
    /// The body does not match the `x-amz-crc32` header: corrupted in transit.
    case checksumMismatch(url: String, expected: UInt32, computed: UInt32)
    case other(url: String, code: Int, detail: String)

    /// Transient network conditions the SDKs retry; a TLS or URL problem will not fix itself.
    public var isRetryable: Bool {
        switch self {
        case .cannotResolveHost, .cannotConnect, .timedOut, .connectionLost, .checksumMismatch: return true
        case .tls, .invalidURL, .other: return false
        }
    }

    public var description: String {
        switch self {
        case .cannotResolveHost(let host, let detail):
            return "cannot resolve host \(host) (\(detail)); check the endpoint URL and region"
        case .cannotConnect(let url, let detail):
            return "cannot connect to \(url) (\(detail)); is the endpoint right and the service running?"
        case .timedOut(let url, let detail):
            return "request to \(url) timed out (\(detail))"
        case .connectionLost(let url, let detail):
            return "connection to \(url) was lost (\(detail))"
        case .tls(let url, let detail):
            return "TLS failure talking to \(url) (\(detail)); check the system CA certificates or the endpoint"
        case .invalidURL(let url, let detail):
            return "invalid URL \(url) (\(detail))"
        case .checksumMismatch(let url, let expected, let computed):
            return "response from \(url) was corrupted in transit: x-amz-crc32 says \(expected), body has \(computed)"
        case .other(let url, let code, let detail):
            return "HTTP transfer to \(url) failed (libcurl error \(code): \(detail))"
        }
    }
}
