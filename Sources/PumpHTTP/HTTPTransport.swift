/// Sends HTTP requests. One transport belongs to one worker thread and keeps its
/// connection alive between requests; engines ask a factory for one transport per worker.
public protocol HTTPTransport: AnyObject {
    func send(_ request: HTTPRequest) throws(HTTPError) -> HTTPResponse
}

/// Makes one transport per worker.
public protocol HTTPTransportFactory: Sendable {
    func makeTransport() -> any HTTPTransport
}

/// Timeouts and behaviour shared by every transport a factory makes.
public struct HTTPTransportOptions: Sendable {
    /// Seconds to establish a TCP (and TLS) connection.
    public var connectTimeout: Double
    /// A transfer slower than `lowSpeedLimit` bytes/s for `lowSpeedTime` seconds is abandoned,
    /// so a stalled connection fails and is retried instead of hanging forever.
    public var lowSpeedLimit: Int
    public var lowSpeedTime: Int
    /// Verify `x-amz-crc32` response headers (DynamoDB sends them).
    public var verifyCRC32: Bool

    public init(connectTimeout: Double = 10, lowSpeedLimit: Int = 1, lowSpeedTime: Int = 60, verifyCRC32: Bool = true) {
        self.connectTimeout = connectTimeout
        self.lowSpeedLimit = lowSpeedLimit
        self.lowSpeedTime = lowSpeedTime
        self.verifyCRC32 = verifyCRC32
    }
}
