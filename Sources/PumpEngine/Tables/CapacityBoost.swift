import Foundation
import PumpDynamoDB

/// `--boost-write-capacity`: raises a provisioned table's write capacity for the restore and
/// puts the original back however the restore ends (the caller defers `restore()`).
final class CapacityBoost {
    private let client: DynamoDBClient
    private let table: String
    private let original: (read: Int, write: Int)?

    init(table: TableDescription, to capacity: Int?, client: DynamoDBClient) throws {
        self.client = client
        self.table = table.name
        guard let capacity else {
            original = nil
            return
        }
        guard let read = table.provisionedRead, let write = table.provisionedWrite, read > 0 else {
            throw PumpError.invalidOption("--boost-write-capacity needs a provisioned table, but \(table.name) is on-demand (it scales by itself)")
        }
        guard capacity > write else {
            original = nil
            return
        }
        try Self.update(client, table.name, read: read, write: capacity)
        original = (read, write)
    }

    /// Puts the original write capacity back; failures are reported, never thrown, so the
    /// restore's own outcome stays what the operator sees first.
    func restore() {
        guard let original else { return }
        do {
            try Self.update(client, table, read: original.read, write: original.write)
        } catch {
            FileHandle.standardError.write(Data("pump: warning: could not put \(table)'s write capacity back to \(original.write): \(error). Set it by hand.\n".utf8))
        }
    }

    private static func update(_ client: DynamoDBClient, _ table: String, read: Int, write: Int) throws {
        let body: [String: Any] = ["TableName": table, "ProvisionedThroughput": ["ReadCapacityUnits": read, "WriteCapacityUnits": write]]
        _ = try client.call("UpdateTable", body: [UInt8](try JSONSerialization.data(withJSONObject: body)))
        try client.waitUntilActive(table)
    }
}
