import PumpHTTP

/// Makes one client (with its own transport and connection) per worker thread.
public struct DynamoDBClientFactory: Sendable {
    public var configuration: DynamoDBClientConfiguration
    public var transports: any HTTPTransportFactory

    public init(configuration: DynamoDBClientConfiguration, transports: any HTTPTransportFactory) {
        self.configuration = configuration
        self.transports = transports
    }

    public func makeClient() -> DynamoDBClient {
        DynamoDBClient(configuration: configuration, transport: transports.makeTransport())
    }
}
