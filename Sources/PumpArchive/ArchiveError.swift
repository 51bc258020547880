import Foundation

/// Problems with backup folders and files, phrased for the operator: each names the file.
public enum ArchiveError: Error, Equatable, CustomStringConvertible {
    case io(path: String, operation: String, errno: Int32)
    case alreadyExists(path: String)
    case notABackup(path: String, detail: String)
    case incomplete(path: String)
    case malformedManifest(path: String, detail: String)
    case unsupportedVersion(path: String, version: Int, supported: Int)
    case checksumMismatch(path: String, expected: String, actual: String)
    case countMismatch(path: String, expected: Int, actual: Int)
    case corruptSegment(path: String, detail: String)
    case invalidLine(path: String, line: Int, detail: String)
    case compression(detail: String)
    case missingFile(path: String)
    case unrecognized(path: String, detail: String)

    public var description: String {
        switch self {
        case .io(let path, let operation, let code):
            return "\(path): cannot \(operation): \(String(cString: strerror(code)))"
        case .alreadyExists(let path):
            return "\(path) already exists; pump never overwrites a backup (choose another --out or remove it)"
        case .notABackup(let path, let detail):
            return "\(path) is not a backup: \(detail)"
        case .incomplete(let path):
            return "\(path) is an incomplete backup (no manifest.json: the backup was interrupted or is still running); it cannot be restored"
        case .malformedManifest(let path, let detail):
            return "\(path): malformed manifest: \(detail)"
        case .unsupportedVersion(let path, let version, let supported):
            return "\(path): backup format version \(version) is newer than this pump understands (up to \(supported)); upgrade pump"
        case .checksumMismatch(let path, let expected, let actual):
            return "\(path): SHA-256 mismatch (manifest \(expected.prefix(12))…, file \(actual.prefix(12))…): the file is corrupt"
        case .countMismatch(let path, let expected, let actual):
            return "\(path): holds \(actual) items but the manifest says \(expected)"
        case .corruptSegment(let path, let detail):
            return "\(path): corrupt segment: \(detail)"
        case .invalidLine(let path, let line, let detail):
            return "\(path):\(line): \(detail)"
        case .compression(let detail):
            return detail
        case .missingFile(let path):
            return "\(path) is missing: the backup is incomplete or was moved without it"
        case .unrecognized(let path, let detail):
            return "\(path) is not a backup pump can read: \(detail)"
        }
    }
}

