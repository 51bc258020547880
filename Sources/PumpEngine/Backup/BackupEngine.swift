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
    /// libzstd worker threads per open segment file; 0 compresses on the scanning thread.
    public var compressionThreads: Int32 = 0
    /// A segment file is closed and the next opened at this many uncompressed bytes.
    public var segmentSize: Int
    /// The stage the operator named, recorded for restores into other stages.
    public var stage: String?
    public var region: String?
    public var pumpVersion: String
    /// Read capacity units per second to stay under (`--read-capacity`).
    public var readCapacity: Double?
    /// Percent of the table's provisioned read capacity to use (`--read-percent`).
    public var readPercent: Double?
    /// Seconds between checkpoints of each scan segment.
    public var checkpointInterval: Double = 2

    public init(outputDirectory: String = "./backups", segments: Int? = nil, concurrency: Int = 8, consistentRead: Bool = false,
                compressionLevel: Int32 = 3, segmentSize: Int = BackupOptions.defaultSegmentSize, stage: String? = nil, region: String? = nil,
                readCapacity: Double? = nil, readPercent: Double? = nil, pumpVersion: String = PumpVersion.current) {
        self.outputDirectory = outputDirectory
        self.segments = segments
        self.concurrency = concurrency
        self.consistentRead = consistentRead
        self.compressionLevel = compressionLevel
        self.segmentSize = max(1, segmentSize)
        self.stage = stage
        self.region = region
        self.readCapacity = readCapacity
        self.readPercent = readPercent
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
/// queue, stream each page's items as raw bytes into that segment's files, checkpoint as
/// they go, and the manifest is written only after every segment is durable. A run that
/// stops early (Ctrl-C, a failure) leaves a folder `resume(directory:)` can finish.
public struct BackupEngine: Sendable {
    public var clients: DynamoDBClientFactory
    public var clock: any Clock
    public var progress: (any ProgressReporter)?
    public var stop: StopSignal

    public init(clients: DynamoDBClientFactory, clock: any Clock = SystemClock(), progress: (any ProgressReporter)? = nil, stop: StopSignal = StopSignal()) {
        self.clients = clients
        self.clock = clock
        self.progress = progress
        self.stop = stop
    }

    /// One scan segment per 128 MiB of table, never fewer than the workers, at most 10,000.
    public static func defaultSegments(tableBytes: Int?, concurrency: Int) -> Int {
        let bySize = (tableBytes ?? 0) / (128 << 20) + 1
        return min(10_000, max(concurrency, bySize))
    }

    public func backup(table: String, options: BackupOptions) throws -> BackupResult {
        let description = try clients.makeClient().describeTable(table)
        let run = BackupRun(table: table, stage: options.stage, region: options.region,
                            totalSegments: max(1, options.segments ?? Self.defaultSegments(tableBytes: description.sizeBytes, concurrency: options.concurrency)),
                            segmentSize: options.segmentSize, consistentRead: options.consistentRead,
                            compressionLevel: options.compressionLevel, startedAt: clock.now())
        let document = TableSettings.document(for: description, client: clients.makeClient())
        let writer = try BackupWriter(parent: options.outputDirectory, tableName: table, date: run.startedAt,
                                      tableDocument: document, compressionLevel: options.compressionLevel, compressionThreads: options.compressionThreads)
        let store = CheckpointStore(backupDirectory: writer.directory)
        try store.create(run)
        return try execute(run, writer: writer, store: store, description: description, options: options)
    }

    /// Continues an interrupted backup in `directory` with the settings it started with;
    /// `options` supplies only how to run (concurrency, rate limits).
    public func resume(directory: String, options: BackupOptions) throws -> BackupResult {
        let store = CheckpointStore(backupDirectory: directory)
        let run = try store.run()
        let writer = try BackupWriter(resuming: directory, compressionLevel: run.compressionLevel, compressionThreads: options.compressionThreads)
        let description = try clients.makeClient().describeTable(run.table)
        return try execute(run, writer: writer, store: store, description: description, options: options)
    }

    private func execute(_ run: BackupRun, writer: BackupWriter, store: CheckpointStore, description: TableDescription, options: BackupOptions) throws -> BackupResult {
        let startedAt = clock.monotonicSeconds()
        let limiter = CapacityRateLimiter(limit: try options.readLimit(for: description), clock: clock)
        let tracker = ProgressTracker(phase: .backup, table: run.table, expectedItems: description.itemCount, reporter: progress, clock: clock)
        defer { tracker.finish() }
        let clients = self.clients.reportingThrottles(to: limiter, tracker: tracker)

        let queue = Shared(Array((0..<run.totalSegments).reversed()))
        let failure = Shared<(any Error)?>(nil)
        let incomplete = Shared(false)
        let factory = clients, clock = self.clock, stop = self.stop
        WorkerPool.run(workers: min(options.concurrency, run.totalSegments)) { _ in
            let client = factory.makeClient()
            while let segment = queue.with({ $0.popLast() }) {
                let scan = SegmentScan(segment: segment, run: run, client: client, writer: writer, store: store, limiter: limiter,
                                       tracker: tracker, clock: clock, interval: options.checkpointInterval,
                                       shouldStop: { stop.isRequested || failure.current != nil })
                do {
                    if try !scan.perform() { incomplete.with { $0 = true } }
                } catch {
                    failure.with { if $0 == nil { $0 = error } }
                    incomplete.with { $0 = true }
                }
            }
        }
        if let error = failure.current {
            throw PumpError.backupStopped(directory: writer.directory, reason: "\(error)")
        }
        // A stop that came after every segment finished changes nothing: complete the backup.
        if incomplete.current {
            throw PumpError.interrupted(directory: writer.directory)
        }

        let keys = description.keySchema.map {
            Manifest.Key(attributeName: $0.attributeName, keyType: $0.keyType, attributeType: description.attributeTypes[$0.attributeName])
        }
        let manifest = try writer.finish(
            pumpVersion: options.pumpVersion,
            table: Manifest.Table(name: run.table, arn: description.arn, region: run.region,
                                  account: TableSettings.account(fromARN: description.arn), stage: run.stage,
                                  keySchema: keys, itemCountEstimate: description.itemCount),
            startedAt: run.startedAt, finishedAt: clock.now(), consistentRead: run.consistentRead, totalSegments: run.totalSegments,
            segmentSizeLimit: run.segmentSize)
        store.remove()
        return BackupResult(table: run.table, directory: writer.directory, items: manifest.totals.items,
                            uncompressedBytes: manifest.totals.uncompressedBytes, compressedBytes: manifest.totals.compressedBytes,
                            seconds: clock.monotonicSeconds() - startedAt)
    }
}

extension BackupOptions {
    /// Read capacity units per second to stay under, from `--read-capacity` or `--read-percent`.
    func readLimit(for table: TableDescription) throws -> Double? {
        if let readCapacity { return readCapacity }
        guard let readPercent else { return nil }
        guard let provisioned = table.provisionedRead, provisioned > 0 else {
            throw PumpError.invalidOption("--read-percent needs provisioned read capacity, but \(table.name) is on-demand; give an absolute --read-capacity instead")
        }
        return Double(provisioned) * readPercent / 100
    }
}

/// pump's version, recorded in every manifest.
public enum PumpVersion {
    public static let current = "0.1.0"
}
