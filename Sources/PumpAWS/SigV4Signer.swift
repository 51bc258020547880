import Crypto
import Foundation

/// The parts of an HTTP request that SigV4 covers.
public struct SignableRequest: Sendable {
    /// Uppercase HTTP method, e.g. `POST`.
    public var method: String
    /// The path exactly as written on the request line (`/` for DynamoDB and STS).
    /// It is percent-encoded once during canonicalisation, so a path that is already
    /// encoded on the wire gets the double encoding AWS expects outside S3.
    public var path: String
    /// The query string after `?`, possibly empty. `%XX` escapes are decoded before
    /// canonical encoding, so raw and pre-encoded queries sign identically.
    public var query: String
    /// Must include `Host`. Order matters only among repeated names.
    public var headers: [(name: String, value: String)]
    /// Lowercase hex SHA-256 of the body (see `SigV4Signer.sha256Hex`).
    public var payloadSHA256: String

    public init(
        method: String, path: String = "/", query: String = "",
        headers: [(name: String, value: String)], payloadSHA256: String
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.payloadSHA256 = payloadSHA256
    }
}

/// AWS Signature Version 4 for header-signed requests to non-S3 services
/// (DynamoDB, STS), following botocore's `SigV4Auth`. Pure: no I/O, the clock is
/// passed in. Copies share a small thread-safe cache of the derived signing key.
public struct SigV4Signer: Sendable {
    public let region: String
    public let service: String
    /// S3 must not normalise paths; every other service does.
    public let normalizePath: Bool

    private let scopeSuffix: String
    private let keyCache = SigningKeyCache()

    /// Same as botocore's SIGNED_HEADERS_BLACKLIST: hop-by-hop headers and ones that
    /// proxies or HTTP clients rewrite, which would otherwise break the signature.
    static let unsignedHeaders: Set<String> = [
        "authorization", "connection", "expect", "keep-alive", "proxy-authenticate",
        "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade",
        "user-agent", "x-amzn-trace-id",
    ]

    public init(region: String, service: String, normalizePath: Bool = true) {
        self.region = region
        self.service = service
        self.normalizePath = normalizePath
        self.scopeSuffix = "/\(region)/\(service)/aws4_request"
    }

    // MARK: - Steps, exposed for tests and debugging

    /// The canonical request for `r` exactly as given: nothing is added, so
    /// `X-Amz-Date` (and a session token) must already be among the headers to
    /// reproduce what `sign` signs.
    public func canonicalRequest(_ r: SignableRequest) -> String {
        String(decoding: canonicalRequestBytes(r).bytes, as: UTF8.self)
    }

    public func stringToSign(canonicalRequest: String, date: Date) -> String {
        let hash = Self.sha256Hex(Array(canonicalRequest.utf8))
        return stringToSign(canonicalHash: hash, timestamp: SigV4Encoding.amzTimestamp(date))
    }

    public func signature(stringToSign: String, secretAccessKey: String, date: Date) -> String {
        let day = String(SigV4Encoding.amzTimestamp(date).prefix(8))
        return signature(stringToSign: stringToSign, key: signingKey(secret: secretAccessKey, day: day))
    }

    // MARK: - Signing

    /// The `Authorization` header value `sign` would add.
    public func authorization(_ r: SignableRequest, credentials: AWSCredentials, date: Date) -> String {
        let timestamp = SigV4Encoding.amzTimestamp(date)
        var prepared = r
        prepared.headers = preparedHeaders(r.headers, credentials: credentials, timestamp: timestamp)
        return authorization(prepared: prepared, credentials: credentials, timestamp: timestamp)
    }

    /// Returns the headers to send: the input headers plus X-Amz-Date, X-Amz-Security-Token (when the credentials carry one; it is signed), and Authorization.
    /// Any `Authorization` or `X-Amz-Date` already present (a retry) is replaced,
    /// as is `X-Amz-Security-Token` when the credentials carry a token.
    public func sign(_ r: SignableRequest, credentials: AWSCredentials, date: Date) -> [(name: String, value: String)] {
        let timestamp = SigV4Encoding.amzTimestamp(date)
        var prepared = r
        prepared.headers = preparedHeaders(r.headers, credentials: credentials, timestamp: timestamp)
        let auth = authorization(prepared: prepared, credentials: credentials, timestamp: timestamp)
        prepared.headers.append((name: "Authorization", value: auth))
        return prepared.headers
    }

    public static func sha256Hex(_ bytes: UnsafeRawBufferPointer) -> String {
        SigV4Encoding.lowerHex(SHA256.hash(data: bytes))
    }

    public static func sha256Hex(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { sha256Hex($0) }
    }

    // MARK: - Internals

    private func preparedHeaders(
        _ headers: [(name: String, value: String)], credentials: AWSCredentials, timestamp: String
    ) -> [(name: String, value: String)] {
        let token = credentials.sessionToken
        var out: [(name: String, value: String)] = []
        out.reserveCapacity(headers.count + 3)
        for h in headers {
            if SigV4Encoding.nameEquals(h.name, lowercased: "authorization")
                || SigV4Encoding.nameEquals(h.name, lowercased: "x-amz-date")
                || (token != nil && SigV4Encoding.nameEquals(h.name, lowercased: "x-amz-security-token")) {
                continue
            }
            out.append(h)
        }
        out.append((name: "X-Amz-Date", value: timestamp))
        if let token { out.append((name: "X-Amz-Security-Token", value: token)) }
        return out
    }

    private func authorization(prepared r: SignableRequest, credentials: AWSCredentials, timestamp: String) -> String {
        let (canonical, signedHeaders) = canonicalRequestBytes(r)
        let hash = canonical.withUnsafeBytes { Self.sha256Hex($0) }
        let sts = stringToSign(canonicalHash: hash, timestamp: timestamp)
        let day = timestamp.prefix(8)
        let key = signingKey(secret: credentials.secretAccessKey, day: String(day))
        let sig = signature(stringToSign: sts, key: key)
        return "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyId)/\(day)\(scopeSuffix), SignedHeaders=\(signedHeaders), Signature=\(sig)"
    }

    private func stringToSign(canonicalHash: String, timestamp: String) -> String {
        "AWS4-HMAC-SHA256\n\(timestamp)\n\(timestamp.prefix(8))\(scopeSuffix)\n\(canonicalHash)"
    }

    private func signature(stringToSign: String, key: SymmetricKey) -> String {
        SigV4Encoding.lowerHex(HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: key))
    }

    private func signingKey(secret: String, day: String) -> SymmetricKey {
        keyCache.key(secret: secret, day: day) {
            func hmac(_ key: SymmetricKey, _ message: String) -> SymmetricKey {
                SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: Array(message.utf8), using: key))
            }
            let kSecret = SymmetricKey(data: Array("AWS4\(secret)".utf8))
            return hmac(hmac(hmac(hmac(kSecret, day), region), service), "aws4_request")
        }
    }

    /// The canonical request bytes (hashed directly, never turned into a String on
    /// the signing path) and the `SignedHeaders` list.
    private func canonicalRequestBytes(_ r: SignableRequest) -> (bytes: [UInt8], signedHeaders: String) {
        var out: [UInt8] = []
        out.reserveCapacity(256 + r.path.utf8.count * 3 + r.query.utf8.count * 3)
        out.append(contentsOf: r.method.utf8)
        out.append(UInt8(ascii: "\n"))
        if normalizePath {
            SigV4Encoding.appendNormalizedPath(r.path[...].utf8, into: &out)
        } else if r.path.isEmpty {
            out.append(UInt8(ascii: "/"))
        } else {
            SigV4Encoding.appendEncoded(r.path.utf8, keepSlash: true, into: &out)
        }
        out.append(UInt8(ascii: "\n"))
        SigV4Encoding.appendCanonicalQuery(r.query, into: &out)
        out.append(UInt8(ascii: "\n"))

        // Sorting by (name, original position) groups repeated headers while keeping
        // their values in request order, which the spec requires when joining them.
        var entries: [(name: String, index: Int)] = []
        entries.reserveCapacity(r.headers.count)
        for (i, h) in r.headers.enumerated() {
            let name = h.name.lowercased()
            if !Self.unsignedHeaders.contains(name) { entries.append((name, i)) }
        }
        entries.sort { $0.name == $1.name ? $0.index < $1.index : $0.name < $1.name }

        var signedHeaders = ""
        var previous: String?
        for entry in entries {
            if entry.name == previous {
                out.append(UInt8(ascii: ","))
            } else {
                if previous != nil {
                    out.append(UInt8(ascii: "\n"))
                    signedHeaders.append(";")
                }
                signedHeaders.append(entry.name)
                out.append(contentsOf: entry.name.utf8)
                out.append(UInt8(ascii: ":"))
                previous = entry.name
            }
            SigV4Encoding.appendTrimmedHeaderValue(r.headers[entry.index].value, into: &out)
        }
        if previous != nil { out.append(UInt8(ascii: "\n")) }
        out.append(UInt8(ascii: "\n"))
        out.append(contentsOf: signedHeaders.utf8)
        out.append(UInt8(ascii: "\n"))
        out.append(contentsOf: r.payloadSHA256.utf8)
        return (out, signedHeaders)
    }
}

/// One derived key per signer: a restore signs thousands of requests with the same
/// secret on the same day, and the four-HMAC derivation would dominate otherwise.
/// A class behind a lock so that copies of the signer and concurrent tasks share it.
final class SigningKeyCache: @unchecked Sendable {
    private let lock = NSLock()
    private var secret = ""
    private var day = ""
    private var key: SymmetricKey?

    func key(secret: String, day: String, derive: () -> SymmetricKey) -> SymmetricKey {
        lock.lock()
        defer { lock.unlock() }
        if let key, self.day == day, self.secret == secret { return key }
        let fresh = derive()
        (self.secret, self.day, self.key) = (secret, day, fresh)
        return fresh
    }
}
