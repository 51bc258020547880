import ArgumentParser
import Foundation
import PumpAWS
import PumpDynamoDB
import PumpHTTP

/// Where to find AWS: the same flags and environment the AWS CLI uses.
struct AWSOptionsGroup: ParsableArguments {
    @Option(help: "Use this profile from ~/.aws/config and ~/.aws/credentials (else AWS_PROFILE, else default).")
    var profile: String?

    @Option(help: "AWS region (else AWS_REGION, AWS_DEFAULT_REGION, the profile's region).")
    var region: String?

    @Option(name: .customLong("endpoint-url"), help: "Send requests here, e.g. http://127.0.0.1:5000 for a local DynamoDB (else AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL, the profile).")
    var endpointURL: String?

    @Flag(help: "Print the resolved configuration (never secrets) to stderr.")
    var debug = false

    /// Resolves configuration like the SDKs and checks credentials up front, so a missing
    /// key fails with one clear line before any work starts.
    func makeClients(onRetry: (@Sendable (RetryEvent) -> Void)? = nil) throws -> (DynamoDBClientFactory, ResolvedAWSConfiguration) {
        let resolver = AWSConfigurationResolver(environment: .current())
        let resolved = try resolver.resolve(AWSOptions(profile: profile, region: region, endpointURL: endpointURL), service: "dynamodb")
        let credentials = CachedCredentialProvider(resolved.credentialProvider)
        _ = try credentials.credentials()
        if debug {
            FileHandle.standardError.write(Data("pump: \(resolved)\n".utf8))
        }
        var policy = RetryPolicy()
        if let attempts = resolved.maxAttempts { policy.maxAttempts = attempts }
        let configuration = DynamoDBClientConfiguration(
            endpoint: resolved.endpoint, region: resolved.signingRegion, credentials: credentials,
            retryPolicy: policy, onRetry: onRetry)
        return (DynamoDBClientFactory(configuration: configuration, transports: CurlTransportFactory()), resolved)
    }
}

