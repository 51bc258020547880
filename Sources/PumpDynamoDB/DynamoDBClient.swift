import Foundation
import PumpAWS
import PumpHTTP
import PumpJSON

/// DynamoDB over the JSON 1.0 protocol, signed with SigV4, retried as the SDKs' standard mode.
/// One client per worker: it owns that worker's transport (and so its kept-alive connection).
public final class DynamoDBClient {
    public let configuration: DynamoDBClientConfiguration
    private let transport: any HTTPTransport
    private let signer: SigV4Signer
    private let hostHeader: String

    public init(configuration: DynamoDBClientConfiguration, transport: any HTTPTransport) {
        self.configuration = configuration
        self.transport = transport
        signer = SigV4Signer(region: configuration.region, service: "dynamodb")
        hostHeader = HTTPRequest(method: "POST", url: configuration.endpoint).hostHeader
    }

    /// Sends `body` as operation `operation` and returns the 200 response body, retrying
    /// retryable failures per the policy and the shared retry quota.
    public func call(_ operation: String, body: [UInt8]) throws(DynamoDBError) -> [UInt8] {
        let policy = configuration.retryPolicy
        var attempt = 1
        var spentQuota: Int?
        while true {
            let failure: DynamoDBError.Kind
            var retryAfter: Int?
            do {
                let response = try transport.send(try signedRequest(operation, body: body, attempt: attempt))
                if response.status == 200 {
                    configuration.retryQuota.release(spentQuota ?? RetryQuota.successIncrement)
                    return response.body
                }
                failure = Self.parseError(response)
                retryAfter = response.header("x-amz-retry-after").flatMap { Int($0) }
            } catch let error as HTTPError {
                failure = .transport(error)
            } catch let error as DynamoDBError {
                throw error
            } catch {
                failure = .malformedResponse("\(error)")
            }
            guard let retryClass = RetryPolicy.classify(failure), attempt < policy.maxAttempts,
                  let cost = configuration.retryQuota.acquire(for: retryClass) else {
                throw DynamoDBError(operation: operation, kind: failure, attempts: attempt)
            }
            spentQuota = cost
            let delay = policy.delay(beforeRetry: attempt, for: retryClass, random: configuration.random, retryAfterMilliseconds: retryAfter)
            configuration.onRetry?(RetryEvent(operation: operation, retryClass: retryClass, attempt: attempt, delay: delay,
                                              error: DynamoDBError(operation: operation, kind: failure).description))
            configuration.clock.sleep(seconds: delay)
            attempt += 1
        }
    }

    private func signedRequest(_ operation: String, body: [UInt8], attempt: Int) throws(DynamoDBError) -> HTTPRequest {
        let credentials: AWSCredentials
        do {
            guard let resolved = try configuration.credentials.credentials() else {
                throw DynamoDBError(operation: operation, kind: .credentials("no credentials were found"), attempts: attempt)
            }
            credentials = resolved
        } catch let error as DynamoDBError {
            throw error
        } catch {
            throw DynamoDBError(operation: operation, kind: .credentials("\(error)"), attempts: attempt)
        }
        let unsigned = SignableRequest(
            method: "POST",
            path: "/",
            query: "",
            headers: [
                (name: "Host", value: hostHeader),
                (name: "Content-Type", value: "application/x-amz-json-1.0"),
                (name: "X-Amz-Target", value: "DynamoDB_20120810.\(operation)"),
            ],
            payloadSHA256: SigV4Signer.sha256Hex(body)
        )
        let headers = signer.sign(unsigned, credentials: credentials, date: configuration.clock.now())
        // libcurl sets Host itself from the URL; sending it twice would be wrong.
        return HTTPRequest(method: "POST", url: configuration.endpoint, headers: headers.filter { $0.name.lowercased() != "host" }, body: body)
    }

    /// Reads `{"__type": "…#Code", "message": "…"}`; a body that is not JSON still yields the status.
    static func parseError(_ response: HTTPResponse) -> DynamoDBError.Kind {
        let object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any]
        var code = (object?["__type"] as? String).map { String($0.split(separator: "#").last ?? Substring($0)) }
        if code == nil || code!.isEmpty { code = response.header("x-amzn-errortype")?.split(separator: ":").first.map(String.init) }
        let message = (object?["message"] as? String) ?? (object?["Message"] as? String)
            ?? String(decoding: response.body.prefix(200), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return .service(code: code ?? "HTTP\(response.status)", message: message.isEmpty ? "(no message)" : message, status: response.status)
    }
}
