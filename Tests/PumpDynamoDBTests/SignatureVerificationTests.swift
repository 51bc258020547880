import Foundation
import PumpAWS
import PumpDynamoDB
import PumpHTTP
import PumpTestSupport
import XCTest

/// moto with IAM authentication on recomputes every SigV4 signature with botocore and
/// rejects mismatches: this is our signer checked by a real server, request by request.
final class SignatureVerificationTests: XCTestCase {
    /// Creates an IAM user with admin rights and a key, then turns authentication on.
    private func enableAuthentication(_ endpoint: URL) throws -> AWSCredentials {
        let bootstrap = AWSCredentials(accessKeyId: "AKIDBOOTSTRAP000", secretAccessKey: "unused-before-auth")
        let user = "pump-\(UUID().uuidString.prefix(8))"
        _ = try iam(endpoint, "Action=CreateUser&UserName=\(user)&Version=2010-05-08", credentials: bootstrap)
        let policy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#
            .addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        _ = try iam(endpoint, "Action=PutUserPolicy&UserName=\(user)&PolicyName=all&PolicyDocument=\(policy)&Version=2010-05-08", credentials: bootstrap)
        let created = try iam(endpoint, "Action=CreateAccessKey&UserName=\(user)&Version=2010-05-08", credentials: bootstrap)
        let keyId = try XCTUnwrap(Self.element("AccessKeyId", in: created))
        let secret = try XCTUnwrap(Self.element("SecretAccessKey", in: created))
        var reset = URLComponents(url: endpoint, resolvingAgainstBaseURL: false)!
        reset.path = "/moto-api/reset-auth"
        // Not form-encoded, or moto's Flask would swallow the body as form fields.
        let response = try CurlTransport().send(HTTPRequest(method: "POST", url: reset.url!, headers: [("Content-Type", "application/json")], body: Array("0".utf8)))
        XCTAssertEqual(response.status, 200)
        return AWSCredentials(accessKeyId: keyId, secretAccessKey: secret)
    }

    override func tearDownWithError() throws {
        // Leave the auth server open again for the next test.
        guard let endpoint = try? MotoServer.authEndpoint() else { return }
        var reset = URLComponents(url: endpoint, resolvingAgainstBaseURL: false)!
        reset.path = "/moto-api/reset-auth"
        _ = try? CurlTransport().send(HTTPRequest(method: "POST", url: reset.url!, headers: [("Content-Type", "application/json")], body: Array("inf".utf8)))
    }

    private func iam(_ endpoint: URL, _ form: String, credentials: AWSCredentials) throws -> String {
        let body = Array(form.utf8)
        let request = SignableRequest(method: "POST", path: "/", query: "", headers: [
            (name: "Host", value: HTTPRequest(method: "POST", url: endpoint).hostHeader),
            (name: "Content-Type", value: "application/x-www-form-urlencoded; charset=utf-8"),
        ], payloadSHA256: SigV4Signer.sha256Hex(body))
        let headers = SigV4Signer(region: "us-east-1", service: "iam").sign(request, credentials: credentials, date: Date())
        let response = try CurlTransport().send(HTTPRequest(method: "POST", url: endpoint, headers: headers.filter { $0.name != "Host" }, body: body))
        let text = String(decoding: response.body, as: UTF8.self)
        XCTAssertEqual(response.status, 200, text)
        return text
    }

    private static func element(_ name: String, in xml: String) -> String? {
        guard let start = xml.range(of: "<\(name)>"), let end = xml.range(of: "</\(name)>", range: start.upperBound..<xml.endIndex) else { return nil }
        return String(xml[start.upperBound..<end.lowerBound])
    }

    private func client(_ endpoint: URL, _ credentials: AWSCredentials) -> DynamoDBClient {
        DynamoDBClientFactory(configuration: DynamoDBClientConfiguration(endpoint: endpoint, region: "us-east-1", credentials: StaticCredentialProvider(credentials)),
                              transports: CurlTransportFactory()).makeClient()
    }

    func testSignedRequestsAreAcceptedAndABadSecretIsRejected() throws {
        let endpoint = try MotoServer.authEndpoint()
        let credentials = try enableAuthentication(endpoint)
        let good = client(endpoint, credentials)
        let table = MotoServer.uniqueStage("auth") + "-main-table"
        try MotoServer.createTable(table, client: good)
        let items = (0..<30).map { ItemFactory.item($0) }
        _ = try good.batchWrite(table: table, items: items.prefix(25).map { $0[...] })
        _ = try good.batchWrite(table: table, items: items.suffix(5).map { $0[...] })
        XCTAssertEqual(try MotoServer.scanAll(table, client: good).count, 30, "Scan pages with ExclusiveStartKey are signed correctly too")

        var forged = credentials
        forged.secretAccessKey += "x"
        XCTAssertThrowsError(try client(endpoint, forged).describeTable(table)) { error in
            let error = error as! DynamoDBError
            XCTAssertEqual(error.attempts, 1, "an auth failure is not retried")
            XCTAssertNotNil(error.code)
            XCTAssertTrue("\(error)".contains("check the credentials") || "\(error)".contains("Signature"), "\(error)")
        }
    }
}
