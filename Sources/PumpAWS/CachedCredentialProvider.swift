import Foundation

/// Resolves credentials once and hands the same ones to every request and worker,
/// resolving again only when they are about to expire (temporary credentials).
/// Without it, every signed request would re-read the shared files.
public final class CachedCredentialProvider: CredentialProvider, @unchecked Sendable {
    private let source: any CredentialProvider
    private let refreshMargin: TimeInterval
    private let now: @Sendable () -> Date
    private let lock = NSLock()
    private var cached: AWSCredentials?

    public init(_ source: any CredentialProvider, refreshMargin: TimeInterval = 300, now: @escaping @Sendable () -> Date = { Date() }) {
        self.source = source
        self.refreshMargin = refreshMargin
        self.now = now
    }

    public var name: String { source.name }

    public func credentials() throws -> AWSCredentials? {
        try lock.withLock {
            if let cached, !needsRefresh(cached) { return cached }
            cached = try source.credentials()
            return cached
        }
    }

    private func needsRefresh(_ credentials: AWSCredentials) -> Bool {
        guard let expiration = credentials.expiration else { return false }
        return expiration.timeIntervalSince(now()) < refreshMargin
    }
}

/// Credentials given directly (tests, or credentials already resolved).
public struct StaticCredentialProvider: CredentialProvider {
    public let value: AWSCredentials
    public let name: String

    public init(_ value: AWSCredentials, name: String = "static credentials") {
        self.value = value
        self.name = name
    }

    public func credentials() throws -> AWSCredentials? { value }
}
