import Foundation

/// A complete backup folder opened for reading.
public struct Backup: Sendable {
    public let directory: String
    public let manifest: Manifest
    /// The `Table` object of DescribeTable at backup time, as DynamoDB returned it.
    public let tableDescriptionJSON: [UInt8]

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
        tableDescriptionJSON = try FileOps.readFile(directory + "/" + BackupLayout.tableFile)
    }

    /// Readers for every segment file, in manifest order.
    public var segments: [SegmentReader] {
        manifest.files.map { SegmentReader(directory: directory, entry: $0) }
    }
}
