import Foundation

/// A complete backup folder opened for reading.
public struct Backup: BackupSource {
    public let directory: String
    public let manifest: Manifest
    /// `table.json`: DescribeTable's `Table` and the table's TTL, PITR and tags (docs/FORMAT.md).
    public let tableDocument: [UInt8]?

    /// Opens `directory`; refuses folders that are not backups or are incomplete.
    public init(directory: String) throws {
        self.directory = directory
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            throw ArchiveError.notABackup(path: directory, detail: "no such file or directory")
        }
        guard isDirectory.boolValue else {
            throw ArchiveError.notABackup(path: directory, detail: "it is a file; a pump backup is a folder holding manifest.json")
        }
        let manifestPath = directory + "/" + BackupLayout.manifestFile
        guard FileManager.default.fileExists(atPath: manifestPath) else {
            if FileManager.default.fileExists(atPath: directory + "/" + BackupLayout.tableFile) {
                throw ArchiveError.incomplete(path: directory)
            }
            throw ArchiveError.notABackup(path: directory, detail: "it has no manifest.json")
        }
        manifest = try Manifest.decode(FileOps.readFile(manifestPath), path: manifestPath)
        tableDocument = try FileOps.readFile(directory + "/" + BackupLayout.tableFile)
    }

    /// Cheap checks for listings: every segment file is there with the manifest's size.
    /// (`pump verify` reads everything.)
    public func quickCheck() throws {
        for file in manifest.files {
            let path = directory + "/" + file.path
            guard let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int else {
                throw ArchiveError.missingFile(path: path)
            }
            guard size == file.compressedBytes else {
                throw ArchiveError.corruptSegment(path: path, detail: "\(size) bytes on disk, the manifest says \(file.compressedBytes)")
            }
        }
    }

    public var kind: String { "pump backup" }
    public var location: String { directory }
    public var tableName: String { manifest.table.name }
    public var stage: String? { manifest.table.stage }
    public var keySchema: [Manifest.Key]? { manifest.table.keySchema }
    public var expectedItems: Int? { manifest.totals.items }

    /// Readers for every segment file, in manifest order.
    public var segments: [any SegmentSource] {
        manifest.files.map { SegmentReader(directory: directory, entry: $0) }
    }
}
