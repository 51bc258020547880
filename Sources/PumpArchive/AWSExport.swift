import Crypto
import Foundation

/// An AWS Export to S3 (`DYNAMODB_JSON`, full export) copied to local disk:
/// `manifest-summary.json`, `manifest-files.json` and `data/*.json.gz`.
public struct AWSExport: BackupSource {
    public let directory: String
    public let tableName: String
    public let expectedItems: Int?
    public let segments: [any SegmentSource]
    public var kind: String { "AWS Export to S3" }
    public var location: String { directory }
    public var stage: String? { nil }
    /// An export carries no key schema; DynamoDB checks keys on write.
    public var keySchema: [Manifest.Key]? { nil }
    public var tableDocument: [UInt8]? { nil }

    public static func looksLikeExport(_ directory: String) -> Bool {
        FileManager.default.fileExists(atPath: directory + "/manifest-summary.json")
    }

    public init(directory: String) throws {
        self.directory = directory
        let summaryPath = directory + "/manifest-summary.json"
        guard let summary = (try? JSONSerialization.jsonObject(with: Data(FileOps.readFile(summaryPath)))) as? [String: Any] else {
            throw ArchiveError.malformedManifest(path: summaryPath, detail: "not a JSON object")
        }
        let format = summary["outputFormat"] as? String ?? "DYNAMODB_JSON"
        guard format == "DYNAMODB_JSON" else {
            throw ArchiveError.unrecognized(path: directory, detail: "export format \(format) is not supported; export with DYNAMODB_JSON")
        }
        if let type = summary["exportType"] as? String, type != "FULL_EXPORT" {
            throw ArchiveError.unrecognized(path: directory, detail: "\(type) holds changes, not a table; restore a FULL_EXPORT")
        }
        guard let arn = summary["tableArn"] as? String, let name = arn.split(separator: "/").dropFirst().first else {
            throw ArchiveError.malformedManifest(path: summaryPath, detail: "no tableArn")
        }
        tableName = String(name)
        expectedItems = (summary["itemCount"] as? NSNumber)?.intValue

        let filesPath = directory + "/manifest-files.json"
        let text = String(decoding: try FileOps.readFile(filesPath), as: UTF8.self)
        var segments: [any SegmentSource] = []
        for (index, line) in text.split(separator: "\n").enumerated() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let entry = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any],
                  let key = entry["dataFileS3Key"] as? String else {
                throw ArchiveError.malformedManifest(path: filesPath, detail: "line \(index + 1) is not a manifest entry with dataFileS3Key")
            }
            let file = directory + "/data/" + (key as NSString).lastPathComponent
            segments.append(GzipItemFile(path: file, name: "data/" + (key as NSString).lastPathComponent,
                                         expectedItems: (entry["itemCount"] as? NSNumber)?.intValue, md5Base64: entry["md5Checksum"] as? String))
        }
        self.segments = segments
    }
}

/// One gzip-compressed JSON-lines data file of an export.
struct GzipItemFile: SegmentSource {
    let path: String
    let name: String
    let expectedItems: Int?
    let md5Base64: String?

    func verifyChecksum() throws {
        guard let md5Base64 else { return }
        var hasher = Insecure.MD5()
        try ChunkedFile.read(path) { hasher.update(bufferPointer: $0) }
        let digest = Data(hasher.finalize()).base64EncodedString()
        guard digest == md5Base64 else {
            throw ArchiveError.checksumMismatch(path: path, expected: md5Base64, actual: digest)
        }
    }

    func forEachItem(_ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Void) throws {
        let decoder = try GzipDecoder()
        var lines = try LineAssembler.read(path, through: decoder, trustedShape: false, body)
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard decoder.finished || size == 0 else {
            throw ArchiveError.corruptSegment(path: path, detail: "the gzip stream is truncated")
        }
        try lines.finish(allowUnterminated: true, body)
        if let expectedItems, lines.lineNumber != expectedItems {
            throw ArchiveError.countMismatch(path: path, expected: expectedItems, actual: lines.lineNumber)
        }
    }
}
