import PumpArchive
import PumpDynamoDB
import PumpSystem

/// One `--verify full` worker: gathers up to 100 distinct keys, reads them back with
/// BatchGetItem (asking again for UnprocessedKeys, with backoff) and compares each item.
final class KeyLookup {
    private let client: DynamoDBClient
    private let table: String
    private let itemKey: ItemKey
    private var backoff: ThrottleBackoff
    /// Canonical key → (key object, expected content); a later item with the same key wins, as in the restore.
    private var wanted: [[UInt8]: (key: [UInt8], content: String)] = [:]
    private(set) var result = RestoreVerifier.ContentCheck()

    init(client: DynamoDBClient, table: String, itemKey: ItemKey, clock: any Clock) {
        self.client = client
        self.table = table
        self.itemKey = itemKey
        backoff = ThrottleBackoff(clock: clock, random: client.configuration.random)
    }

    func add(_ item: UnsafeBufferPointer<UInt8>) throws {
        guard case .key(let key) = itemKey.extract(item), let object = itemKey.keyObject(item),
              let content = ItemContent.canonical(item) else { return }
        if wanted[key] == nil && wanted.count == DynamoDBClient.maxBatchGetKeys { try flush() }
        wanted[key] = (object, content)
    }

    func flush() throws {
        guard !wanted.isEmpty else { return }
        var keys = wanted.values.map(\.key)
        var found: [[UInt8]: String] = [:]
        while !keys.isEmpty {
            let answer: BatchGetResult
            do {
                answer = try client.batchGet(table: table, keys: keys)
            } catch {
                try backoff.wait(after: error)
                continue
            }
            for item in answer.items {
                item.withUnsafeBufferPointer { buffer in
                    if case .key(let key) = itemKey.extract(buffer) { found[key] = ItemContent.canonical(buffer) }
                }
            }
            keys = answer.unprocessedKeys
            if keys.isEmpty { backoff.reset() } else { backoff.waitForUnprocessed() }
        }
        for (key, expected) in wanted {
            result.checked += 1
            guard let actual = found[key] else {
                result.missing += 1
                note("missing", expected.key)
                continue
            }
            if actual != expected.content {
                result.different += 1
                note("different", expected.key)
            }
        }
        wanted.removeAll(keepingCapacity: true)
    }

    private func note(_ what: String, _ key: [UInt8]) {
        if result.examples.count < 10 { result.examples.append("\(what) \(String(decoding: key, as: UTF8.self))") }
    }
}
