import Foundation

/// Opens whatever the operator points at: a pump backup, an AWS Export to S3 folder (or the
/// folder above its `AWSDynamoDB/<id>/`), or a dynamodump table folder (or a dump holding one table).
public enum BackupOpener {
    public static func open(_ path: String) throws -> any BackupSource {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ArchiveError.notABackup(path: path, detail: "no such file or directory")
        }
        guard isDirectory.boolValue else {
            if path.hasSuffix(".jsonl") { return try JSONLinesFile(path: path) }
            throw ArchiveError.notABackup(path: path, detail: "it is a file; a backup is a folder (pump backup, AWS export or dynamodump dump) or a rejects .jsonl file")
        }
        let manager = FileManager.default
        if manager.fileExists(atPath: path + "/" + BackupLayout.manifestFile) || manager.fileExists(atPath: path + "/" + BackupLayout.tableFile) {
            return try Backup(directory: path)
        }
        if AWSExport.looksLikeExport(path) { return try AWSExport(directory: path) }
        if DynamodumpDump.looksLikeDump(path) { return try DynamodumpDump(directory: path) }

        let exports = (try? manager.contentsOfDirectory(atPath: path + "/AWSDynamoDB"))?.map { path + "/AWSDynamoDB/" + $0 }.filter(AWSExport.looksLikeExport) ?? []
        if exports.count == 1 { return try AWSExport(directory: exports[0]) }
        if exports.count > 1 {
            throw ArchiveError.unrecognized(path: path, detail: "it holds \(exports.count) AWS exports; name one: \(exports.sorted().joined(separator: ", "))")
        }
        let tables = ((try? manager.contentsOfDirectory(atPath: path)) ?? []).map { path + "/" + $0 }.filter(DynamodumpDump.looksLikeDump)
        if tables.count == 1 { return try DynamodumpDump(directory: tables[0]) }
        if tables.count > 1 {
            throw ArchiveError.unrecognized(path: path, detail: "it is a dynamodump dump of \(tables.count) tables; name one table folder: \(tables.sorted().joined(separator: ", "))")
        }
        throw ArchiveError.notABackup(path: path, detail: "no manifest.json (pump), manifest-summary.json (AWS export) or schema.json with data/ (dynamodump)")
    }
}
