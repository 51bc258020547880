import Foundation

/// How far one scan segment of an unfinished backup got, in `checkpoints/<segment>.json`.
/// Written only after the data it describes is durable (docs/FORMAT.md, "Resume").
public struct SegmentCheckpoint: Codable, Sendable, Equatable {
    public var segment: Int
    /// Finished part files, as the manifest will list them.
    public var files: [Manifest.File]
    /// The part being written: its number, and how much of its temporary file is durable.
    public var part: Int
    public var durableBytes: Int
    public var durableItems: Int
    public var durableUncompressedBytes: Int
    /// The Scan's `LastEvaluatedKey` after the last durable page (raw JSON); nil before the first page.
    public var lastEvaluatedKey: String?
    public var done: Bool

    public static func start(segment: Int) -> SegmentCheckpoint {
        SegmentCheckpoint(segment: segment, files: [], part: 0, durableBytes: 0, durableItems: 0,
                          durableUncompressedBytes: 0, lastEvaluatedKey: nil, done: false)
    }
}

/// What a backup run was asked to do, in `checkpoints/run.json`, so `--resume` continues
/// with the same table, segmentation and settings.
public struct BackupRun: Codable, Sendable, Equatable {
    public var table: String
    public var stage: String?
    public var region: String?
    public var totalSegments: Int
    public var segmentSize: Int
    public var consistentRead: Bool
    public var compressionLevel: Int32
    public var startedAt: Date

    public init(table: String, stage: String?, region: String?, totalSegments: Int, segmentSize: Int, consistentRead: Bool, compressionLevel: Int32, startedAt: Date) {
        self.table = table
        self.stage = stage
        self.region = region
        self.totalSegments = totalSegments
        self.segmentSize = segmentSize
        self.consistentRead = consistentRead
        self.compressionLevel = compressionLevel
        self.startedAt = startedAt
    }
}

/// Reads and atomically replaces the checkpoint files of one backup folder.
public struct CheckpointStore: Sendable {
    public let directory: String

    public init(backupDirectory: String) {
        directory = backupDirectory + "/" + BackupLayout.checkpointDirectory
    }

    public func create(_ run: BackupRun) throws {
        try FileOps.makePrivateDirectory(directory)
        try FileOps.writeAtomically(Self.encode(run), to: directory + "/run.json")
    }

    public func run() throws -> BackupRun {
        let path = directory + "/run.json"
        guard FileManager.default.fileExists(atPath: path) else {
            throw ArchiveError.notABackup(path: (directory as NSString).deletingLastPathComponent,
                                          detail: "it has no checkpoints/run.json, so it cannot be resumed (complete backups and backups by pump before 0.1.0 have none)")
        }
        return try Self.decode(FileOps.readFile(path), path: path)
    }

    public func save(_ checkpoint: SegmentCheckpoint) throws {
        try FileOps.writeAtomically(Self.encode(checkpoint), to: path(checkpoint.segment), replacing: true)
    }

    /// The segment's checkpoint, or nil if it never wrote one.
    public func load(segment: Int) throws -> SegmentCheckpoint? {
        let path = path(segment)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try Self.decode(FileOps.readFile(path), path: path)
    }

    /// Once the manifest exists the checkpoints are only clutter.
    public func remove() {
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func path(_ segment: Int) -> String {
        String(format: "%@/%05d.json", directory, segment)
    }

    private static func encode(_ value: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return [UInt8](try! encoder.encode(value))
    }

    private static func decode<T: Decodable>(_ bytes: [UInt8], path: String) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return try decoder.decode(T.self, from: Data(bytes))
        } catch {
            throw ArchiveError.malformedManifest(path: path, detail: "unreadable checkpoint: \(error)")
        }
    }
}
