import Foundation

/// Creates one backup folder and writes it in the order docs/FORMAT.md requires:
/// folder and `table.json` first, segments under temporary names, `manifest.json` last.
public final class BackupWriter: @unchecked Sendable {
    public let directory: String
    public let tableName: String
    private let lock = NSLock()
    private var files: [Manifest.File] = []
    private let compressionLevel: Int32
    /// libzstd's own worker threads per segment file (0: compress on the calling thread).
    private let compressionThreads: Int32

    /// `<table>-YYYYMMDD-HHMMSS` (UTC), the name the seed runbooks' backups use.
    public static func folderName(table: String, date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%@-%04d%02d%02d-%02d%02d%02d", table, c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }

    /// Creates `<parent>/<table>-<time>/` (mode 0700) with its `data/` folder and `table.json`
    /// (`tableDocument`, see docs/FORMAT.md).
    public init(parent: String, tableName: String, date: Date, tableDocument: [UInt8], compressionLevel: Int32 = 3, compressionThreads: Int32 = 0) throws {
        self.tableName = tableName
        self.compressionLevel = compressionLevel
        self.compressionThreads = compressionThreads
        try Self.makeParent(parent)
        directory = parent + "/" + Self.folderName(table: tableName, date: date)
        try FileOps.makePrivateDirectory(directory)
        try FileOps.makePrivateDirectory(directory + "/data")
        try FileOps.writeAtomically(tableDocument + [0x0A], to: directory + "/" + BackupLayout.tableFile)
    }

    /// Reopens an unfinished backup folder to resume it.
    public init(resuming directory: String, compressionLevel: Int32, compressionThreads: Int32 = 0) throws {
        guard !FileManager.default.fileExists(atPath: directory + "/" + BackupLayout.manifestFile) else {
            throw ArchiveError.alreadyExists(path: directory + "/" + BackupLayout.manifestFile)
        }
        guard FileManager.default.fileExists(atPath: directory + "/" + BackupLayout.tableFile) else {
            throw ArchiveError.notABackup(path: directory, detail: "it has no table.json")
        }
        self.directory = directory
        tableName = (try? CheckpointStore(backupDirectory: directory).run().table) ?? ""
        self.compressionLevel = compressionLevel
        self.compressionThreads = compressionThreads
    }

    /// Reopens part `part` of scan segment `scanSegment`, keeping its first `durable` bytes.
    public func resumeSegment(scanSegment: Int, part: Int, durableBytes: Int, items: Int, uncompressedBytes: Int) throws -> SegmentWriter {
        try SegmentWriter(resuming: directory, relativePath: BackupLayout.segmentPath(scanSegment: scanSegment, part: part), scanSegment: scanSegment,
                          level: compressionLevel, threads: compressionThreads, durableBytes: durableBytes, items: items, uncompressedBytes: uncompressedBytes)
    }

    private static func makeParent(_ parent: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw ArchiveError.io(path: parent, operation: "use as the backup folder (it is a file)", errno: ENOTDIR) }
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw ArchiveError.io(path: parent, operation: "create directory", errno: EACCES)
        }
    }

    /// A new segment file for scan segment `scanSegment`; `part` numbers files within it.
    public func makeSegment(scanSegment: Int, part: Int = 0) throws -> SegmentWriter {
        try SegmentWriter(directory: directory, relativePath: BackupLayout.segmentPath(scanSegment: scanSegment, part: part),
                          scanSegment: scanSegment, level: compressionLevel, threads: compressionThreads)
    }

    /// Records a finished segment; thread-safe, workers call it as they go.
    public func record(_ file: Manifest.File) {
        lock.withLock { files.append(file) }
    }

    /// Writes `manifest.json` atomically: from this moment the backup is complete.
    @discardableResult
    public func finish(pumpVersion: String, table: Manifest.Table, startedAt: Date, finishedAt: Date, consistentRead: Bool, totalSegments: Int, segmentSizeLimit: Int? = nil) throws -> Manifest {
        try FileOps.fsyncDirectory(directory + "/data")
        let manifest = Manifest(pumpVersion: pumpVersion, table: table, startedAt: startedAt, finishedAt: finishedAt,
                                consistentRead: consistentRead, totalSegments: totalSegments, segmentSizeLimit: segmentSizeLimit, files: lock.withLock { files })
        try FileOps.writeAtomically(manifest.encoded(), to: directory + "/" + BackupLayout.manifestFile)
        return manifest
    }
}

/// Names inside a backup folder.
public enum BackupLayout {
    public static let manifestFile = "manifest.json"
    public static let tableFile = "table.json"
    public static let checkpointDirectory = "checkpoints"

    public static func segmentPath(scanSegment: Int, part: Int) -> String {
        String(format: "data/%05d-%04d.jsonl.zst", scanSegment, part)
    }
}
