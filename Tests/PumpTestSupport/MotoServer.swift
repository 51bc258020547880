import Foundation
import PumpAWS
import PumpDynamoDB
import PumpHTTP
import XCTest

/// The moto server that `scripts/test.sh` starts on loopback and names in `PUMP_TEST_MOTO_URL`.
public enum MotoServer {
    public static let credentials = AWSCredentials(accessKeyId: "AKIDMOTOTESTKEY1", secretAccessKey: "moto-test-secret")

    /// The endpoint, or a skip with the command that provides one. Under CI a missing
    /// server is a failure, never a silent skip.
    public static func endpoint() throws -> URL {
        try requiredURL("PUMP_TEST_MOTO_URL", purpose: "starts moto server on loopback")
    }

    /// The second moto server, which tests switch to IAM authentication (`PUMP_TEST_MOTO_AUTH_URL`):
    /// kept apart so turning signatures on cannot disturb tests using the first one.
    public static func authEndpoint() throws -> URL {
        try requiredURL("PUMP_TEST_MOTO_AUTH_URL", purpose: "starts the moto servers")
    }

    private static func requiredURL(_ variable: String, purpose: String) throws -> URL {
        if let value = ProcessInfo.processInfo.environment[variable], let url = URL(string: value) {
            return url
        }
        let message = "\(variable) is not set: run the suite with scripts/test.sh, which \(purpose)"
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            XCTFail(message)
        }
        throw XCTSkip(message)
    }

    /// A client factory for the moto endpoint with the SDKs' default retry policy.
    public static func clients(endpoint: URL) -> DynamoDBClientFactory {
        DynamoDBClientFactory(
            configuration: DynamoDBClientConfiguration(endpoint: endpoint, region: "us-east-1",
                                                       credentials: StaticCredentialProvider(credentials)),
            transports: CurlTransportFactory())
    }

    /// A table name no other test (or parallel test process) uses.
    public static func uniqueStage(_ prefix: String = "pr") -> String {
        "\(prefix)-\(UInt32.random(in: 100_000...999_999))"
    }

    /// Creates a `pk`/`sk` string-keyed on-demand table and waits for it.
    public static func createTable(_ name: String, client: DynamoDBClient, partitionKey: (String, String) = ("pk", "S"), sortKey: (String, String)? = ("sk", "S")) throws {
        try client.createTable(TableSpec(name: name, partitionKey: (partitionKey.0, partitionKey.1), sortKey: sortKey.map { ($0.0, $0.1) }))
        try client.waitUntilActive(name, timeout: 30, interval: 0.05)
    }

    /// Deletes `table` and creates it again empty, as a redeploy of the stack would.
    public static func recreateTable(_ name: String, client: DynamoDBClient) throws {
        try client.deleteTable(name)
        try client.waitUntilDeleted(name, timeout: 30, interval: 0.05)
        try createTable(name, client: client)
    }

    /// Every item of `table`, scanned with the client, in canonical form keyed by canonical key.
    public static func scanAll(_ table: String, client: DynamoDBClient) throws -> [String: String] {
        var result: [String: String] = [:]
        var request = ScanRequest(tableName: table)
        repeat {
            let page = try client.scan(request)
            for range in page.items {
                let item = Array(page.body[range])
                let canonical = try CanonicalItem.canonical(item)
                result[try CanonicalItem.key(item, names: ["pk", "sk"])] = canonical
            }
            request.exclusiveStartKey = page.lastEvaluatedKey
        } while request.exclusiveStartKey != nil
        return result
    }
}
