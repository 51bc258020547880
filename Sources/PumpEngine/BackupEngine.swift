import Foundation
import PumpArchive
import PumpDynamoDB
import PumpSystem

/// How a backup runs.
public struct BackupOptions: Sendable {
    public var outputDirectory: String
    /// Parallel Scan segments; nil picks one from the table's size (at least `concurrency`).
    public var segments: Int?
    public var concurrency: Int
    public var consistentRead: Bool
    public var compressionLevel: Int32
    /// A segment file is closed and the next opened at this many uncompressed bytes.
    public var segmentSize: Int
    /// The stage the operator named, recorded for restores into other stages.
    public var stage: String?
    public var region: String?
    public var pumpVersion: String

    public init(outputDirectory: String = "./backups", segments: Int? = nil, concurrency: Int = 8, consistentRead: Bool = false,
                compressionLevel: Int32 = 3, segmentSize: Int = BackupOptions.defaultSegmentSize, stage: String? = nil, region: String? = nil, pumpVersion: String = PumpVersion.current) {
        self.outputDirectory = outputDirectory
        self.segments = segments
        self.concurrency = concurrency
        self.consistentRead = consistentRead
        self.compressionLevel = compressionLevel
        self.segmentSize = max(1, segmentSize)
        self.stage = stage
        self.region = region
        self.pumpVersion = pumpVersion
    }
}

extension BackupOptions {
    /// 256 MiB of item lines per file: big enough to stream efficiently, small enough that
    /// verify and restore spread over cores and no file grows without bound.
    public static let defaultSegmentSize = 256 << 20
}

/// What a finished backup holds.
public struct BackupResult: Sendable {
    public var table: String
    public var directory: String
    public var items: Int
    public var uncompressedBytes: Int
    public var compressedBytes: Int
    public var seconds: Double
}

/// Parallel Scan of one table into a backup folder: workers pull scan segments from a
/// queue, stream each page's items as raw bytes into that segment's file, and the
/// manifest is written only after every segment is durable.
public struct BackupEngine: Sendable {
    public var clients: DynamoDBClientFactory
    public var clock: any Clock
    public var progress: (any ProgressReporter)?

    public init(clients: DynamoDBClientFactory, clock: any Clock = SystemClock(), progress: (any ProgressReporter)? = nil) {
        self.clients = clients
        self.clock = clock
        self.progress = progress
    }

    /// One scan segment per 128 MiB of table, never fewer than the workers, at most 10,000.
    public static func defaultSegments(tableBytes: Int?, concurrency: Int) -> Int {
        let bySize = (tableBytes ?? 0) / (128 << 20) + 1
        return min(10_000, max(concurrency, bySize))
    }

    public func backup(table: String, options: BackupOptions) throws -> BackupResult {
        let started = clock.now()
        let startedAt = clock.monotonicSeconds()
        let description = try clients.makeClient().describeTable(table)
        let segments = max(1, options.segments ?? Self.defaultSegments(tableBytes: description.sizeBytes, concurrency: options.concurrency))
        let document = TableSettings.document(for: description, client: clients.makeClient())
        let writer = try BackupWriter(parent: options.outputDirectory, tableName: table, date: started,
                                      tableDocument: document, compressionLevel: options.compressionLevel)
        let tracker = ProgressTracker(phase: .backup, table: table, expectedItems: description.itemCount, reporter: progress, clock: clock)
        defer { tracker.finish() }

        let queue = Shared(Array((0..<segments).reversed()))
        let failure = Shared<(any Error)?>(nil)
        let workerCount = min(options.concurrency, segments)
        let clients = self.clients
        let clock = self.clock
        WorkerPool.run(workers: workerCount) { _ in
            let client = clients.makeClient()
            while failure.current == nil, let segment = queue.with({ $0.popLast() }) {
                do {
                    try Self.scanSegment(segment, of: segments, table: table, consistent: options.consistentRead, segmentSize: options.segmentSize,
                                         client: client, writer: writer, tracker: tracker, clock: clock, failure: failure)
                } catch {
                    failure.with { if $0 == nil { $0 = error } }
                }
            }
        }
        if let error = failure.current { throw error }

        let keys = description.keySchema.map {
            Manifest.Key(attributeName: $0.attributeName, keyType: $0.keyType, attributeType: description.attributeTypes[$0.attributeName])
        }
        let manifest = try writer.finish(
            pumpVersion: options.pumpVersion,
            table: Manifest.Table(name: table, arn: description.arn, region: options.region,
                                  account: TableSettings.account(fromARN: description.arn), stage: options.stage,
                                  keySchema: keys, itemCountEstimate: description.itemCount),
            startedAt: started, finishedAt: clock.now(), consistentRead: options.consistentRead, totalSegments: segments,
            segmentSizeLimit: options.segmentSize)
        return BackupResult(table: table, directory: writer.directory, items: manifest.totals.items,
                            uncompressedBytes: manifest.totals.uncompressedBytes, compressedBytes: manifest.totals.compressedBytes,
                            seconds: clock.monotonicSeconds() - startedAt)
    }

    private static func scanSegment(_ segment: Int, of total: Int, table: String, consistent: Bool, segmentSize: Int, client: DynamoDBClient,
                                    writer: BackupWriter, tracker: ProgressTracker, clock: any Clock, failure: Shared<(any Error)?>) throws {
        var part = 0
        var file = try writer.makeSegment(scanSegment: segment, part: part)
        var request = ScanRequest(tableName: table, segment: segment, totalSegments: total, consistentRead: consistent)
        var throttled = ThrottleBackoff(clock: clock, random: client.configuration.random)
        repeat {
            guard failure.current == nil else { return }
            guard let page = try scanPatiently(request, client: client, backoff: &throttled, tracker: tracker) else { continue }
            throttled.reset()
            try file.append(items: page.items, of: page.body)
            tracker.add(items: page.count, bytes: page.body.count)
            if file.size >= segmentSize && page.lastEvaluatedKey != nil {
                writer.record(try file.finish())
                part += 1
                file = try writer.makeSegment(scanSegment: segment, part: part)
            }
            request.exclusiveStartKey = page.lastEvaluatedKey
        } while request.exclusiveStartKey != nil
        writer.record(try file.finish())
    }
}

extension BackupEngine {
    /// One Scan call; nil (after waiting) when it failed in a way worth trying again, since the
    /// client's own retries are spent and a backup should outlast long throttling.
    fileprivate static func scanPatiently(_ request: ScanRequest, client: DynamoDBClient, backoff: inout ThrottleBackoff, tracker: ProgressTracker) throws -> ScanPage? {
        do {
            return try client.scan(request)
        } catch {
            tracker.add(throttles: 1)
            try backoff.wait(after: error)
            return nil
        }
    }
}

/// pump's version, recorded in every manifest.
public enum PumpVersion {
    public static let current = "0.1.0"
}
