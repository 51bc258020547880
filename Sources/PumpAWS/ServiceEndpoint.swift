import Foundation

/// Naming and URL rules for one AWS service's endpoint.
public struct ServiceEndpoint: Sendable, Equatable {
    /// botocore client name, e.g. "dynamodb", "dynamodbstreams", "sts".
    public var service: String

    public init(service: String) {
        self.service = service
    }

    /// The service id in snake case, as botocore's `_get_snake_case_service_id`:
    /// client name → hyphenated service id → hyphens to underscores.
    /// Spaces become underscores too (the SDK reference's rule for service ids).
    public var snakeCaseServiceID: String {
        let hyphenated = Self.hyphenatedServiceIDOverrides[service] ?? service
        return hyphenated.replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: " ", with: "_")
    }

    /// e.g. AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_DYNAMODB_STREAMS.
    public var environmentVariable: String { "AWS_ENDPOINT_URL_\(snakeCaseServiceID.uppercased())" }

    /// Key of this service's block inside a `[services name]` section, e.g. "dynamodb".
    public var servicesSectionKey: String { snakeCaseServiceID.lowercased() }

    /// The endpoint AWS would use with nothing configured, from the partition's DNS
    /// suffix (botocore `data/partitions.json`). DynamoDB's rule set maps the pseudo
    /// region "local" to DynamoDB Local on http://localhost:8000 (signed as us-east-1).
    public func defaultURL(region: String) -> URL {
        if region == "local", service == "dynamodb" {
            return URL(string: "http://localhost:8000")!
        }
        let prefix = Self.hostPrefixes[service] ?? service
        // Region and prefix are validated host labels, so this always parses.
        return URL(string: "https://\(prefix).\(region).\(Self.dnsSuffix(region: region))")!
    }

    /// DNS suffix of the partition a region belongs to; unknown regions fall into
    /// the "aws" partition, as in botocore's partition resolution.
    public static func dnsSuffix(region: String) -> String {
        // Most specific prefixes first: "us-isob-" must not be taken for "us-iso-".
        let partitions: [(prefix: String, suffix: String)] = [
            ("cn-", "amazonaws.com.cn"),
            ("us-isob-", "sc2s.sgov.gov"),
            ("us-isof-", "csp.hci.ic.gov"),
            ("us-iso-", "c2s.ic.gov"),
            ("eu-isoe-", "cloud.adc-e.uk"),
            ("eusc-", "amazonaws.eu"),
        ]
        return partitions.first(where: { region.hasPrefix($0.prefix) })?.suffix ?? "amazonaws.com"
    }

    /// The region to sign with; differs from the configured one only for "local".
    public static func signingRegion(for region: String) -> String {
        region == "local" ? "us-east-1" : region
    }

    /// botocore `validate_region_name`: a host label of up to 63 letters, digits and
    /// hyphens, not all digits, not starting or ending with a hyphen.
    public static func isValidRegion(_ region: String) -> Bool {
        guard !region.isEmpty, region.count <= 63,
              region.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }),
              region.first != "-", region.last != "-",
              !region.allSatisfy(\.isNumber)
        else { return false }
        return true
    }

    /// Parses and checks a configured endpoint: http or https, with a host. Returns
    /// the reason it is unusable, or the URL.
    ///
    /// Hosts may contain underscores although botocore's stricter check rejects them:
    /// `http://dynamodb_local:8000` is a common docker-compose name and works fine.
    public static func validate(_ value: String) -> Result<URL, EndpointProblem> {
        if value.contains(where: { $0 == "\t" || $0 == "\r" || $0 == "\n" || $0 == " " }) {
            return .failure(EndpointProblem("it contains whitespace"))
        }
        guard let components = URLComponents(string: value), let url = components.url else {
            return .failure(EndpointProblem("it is not a valid URL"))
        }
        // "localhost:8000" parses with scheme "localhost", so look for "://" to spot a missing scheme.
        guard value.contains("://") else {
            return .failure(EndpointProblem("it has no http:// or https:// scheme"))
        }
        guard let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            return .failure(EndpointProblem("the scheme must be http or https"))
        }
        guard var host = components.host, !host.isEmpty else {
            return .failure(EndpointProblem("it has no host name"))
        }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host.contains(":") {
            guard host.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." || $0 == "%" }) else {
                return .failure(EndpointProblem("the IPv6 host is malformed"))
            }
            return .success(url)
        }
        if host.hasSuffix(".") { host.removeLast() }
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        let validLabels = labels.allSatisfy { label in
            !label.isEmpty && label.count <= 63 && label.first != "-" && label.last != "-"
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
        }
        guard host.count <= 255, validLabels else {
            return .failure(EndpointProblem("the host name is not valid"))
        }
        return .success(url)
    }

    /// Why an endpoint URL was rejected.
    public struct EndpointProblem: Error, Sendable, Equatable {
        public var reason: String
        public init(_ reason: String) { self.reason = reason }
    }

    /// botocore `CLIENT_NAME_TO_HYPHENIZED_SERVICE_ID_OVERRIDES`, the entries this tool may need.
    private static let hyphenatedServiceIDOverrides: [String: String] = [
        "dynamodbstreams": "dynamodb-streams",
    ]

    /// Endpoint prefixes that differ from the client name.
    private static let hostPrefixes: [String: String] = [
        "dynamodbstreams": "streams.dynamodb",
    ]
}
