import Foundation
import PumpArchive
import PumpDynamoDB
import PumpSystem

/// Checks a table after a restore: its item count (a parallel `Select: COUNT` Scan, since
/// DescribeTable's count lags by hours), or with `--verify full` every backup item's content,
/// read back by key with BatchGetItem so memory stays flat however large the table.
public struct RestoreVerifier: Sendable {
    /// What `--verify full` found.
    public struct ContentCheck: Sendable {
        public var checked = 0
        public var missing = 0
        public var different = 0
        /// Up to ten keys of missing or different items, for the operator.
        public var examples: [String] = []
    }

    public var clients: DynamoDBClientFactory
    public var clock: any Clock
    public var concurrency: Int

    public init(clients: DynamoDBClientFactory, clock: any Clock = SystemClock(), concurrency: Int = 8) {
        self.clients = clients
        self.clock = clock
        self.concurrency = concurrency
    }

    /// The number of items in `table`, counted by DynamoDB page by page.
    public func count(table: String) throws -> Int {
        let segments = max(1, concurrency)
        let total = Shared(0), failure = Shared<(any Error)?>(nil)
        let clients = self.clients
        WorkerPool.run(workers: segments) { segment in
            let client = clients.makeClient()
            var request = ScanRequest(tableName: table, segment: segment, totalSegments: segments, consistentRead: true)
            request.countOnly = true
            do {
                repeat {
                    let page = try client.scan(request)
                    total.with { $0 += page.count }
                    request.exclusiveStartKey = page.lastEvaluatedKey
                } while request.exclusiveStartKey != nil && failure.current == nil
            } catch {
                failure.with { if $0 == nil { $0 = error } }
            }
        }
        if let error = failure.current { throw error }
        return total.current
    }

    /// Reads every item of `backup` (mapped as the restore mapped it) back from `table` and compares.
    /// Items the mapping or the key check refused are not looked up: the restore rejected them.
    public func compare(_ backup: any BackupSource, table: String, mapping: ItemMapping) throws -> ContentCheck {
        let client = clients.makeClient()
        guard let target = try client.describeTableIfExists(table) else {
            throw PumpError.targetTableMissing(table: table, derivedFrom: "verifying the restore")
        }
        let itemKey = ItemKey(table: target)
        let queue = Shared(Array(backup.segments.reversed()))
        let result = Shared(ContentCheck()), failure = Shared<(any Error)?>(nil)
        let clients = self.clients, clock = self.clock
        WorkerPool.run(workers: min(concurrency, max(1, backup.segments.count))) { _ in
            let lookup = KeyLookup(client: clients.makeClient(), table: table, itemKey: itemKey, clock: clock)
            while failure.current == nil, let segment = queue.with({ $0.popLast() }) {
                do {
                    _ = try mapping.forEachItem(in: segment, skipThrough: 0) { item in
                        guard case .success(let mapped) = item.mapped else { return }
                        try lookup.add(mapped)
                    }
                    try lookup.flush()
                } catch {
                    failure.with { if $0 == nil { $0 = error } }
                }
            }
            result.with { total in
                total.checked += lookup.result.checked
                total.missing += lookup.result.missing
                total.different += lookup.result.different
                total.examples += lookup.result.examples.prefix(10 - min(10, total.examples.count))
            }
        }
        if let error = failure.current { throw error }
        return result.current
    }
}
