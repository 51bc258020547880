import Foundation

/// A plain file of `{"Item":{…}, …}` lines, such as a restore's rejects file, restorable
/// as is once whatever stopped it is fixed. The table comes from the lines' `table` member.
public struct JSONLinesFile: BackupSource {
    public let path: String
    public let tableName: String
    public var kind: String { "JSON-lines file" }
    public var location: String { path }
    public var stage: String? { nil }
    public var keySchema: [Manifest.Key]? { nil }
    public var expectedItems: Int? { nil }
    public var tableDocument: [UInt8]? { nil }
    public var segments: [any SegmentSource] { [PlainLinesSegment(path: path)] }

    public init(path: String) throws {
        self.path = path
        let head = try FileOps.readPrefix(path, count: 1 << 20)
        let firstLine = head.split(separator: 0x0A, maxSplits: 1).first.map { Array($0) } ?? []
        guard let object = (try? JSONSerialization.jsonObject(with: Data(firstLine))) as? [String: Any], object["Item"] is [String: Any] else {
            throw ArchiveError.notABackup(path: path, detail: "its first line is not an {\"Item\":{…}} object")
        }
        tableName = object["table"] as? String ?? ""
    }
}

/// One uncompressed JSON-lines file.
struct PlainLinesSegment: SegmentSource {
    let path: String
    var name: String { (path as NSString).lastPathComponent }
    var expectedItems: Int? { nil }

    func verifyChecksum() throws {
        guard FileManager.default.fileExists(atPath: path) else { throw ArchiveError.missingFile(path: path) }
    }

    func forEachItem(_ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Void) throws {
        var lines = LineAssembler(path: path)
        try ChunkedFile.read(path) { chunk in try lines.feed(chunk, body) }
        try lines.finish(allowUnterminated: true, body)
    }
}
