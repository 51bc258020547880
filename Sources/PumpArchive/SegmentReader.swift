import Crypto
import Foundation

/// Reads one pump segment file back as item lines, after checking it against the manifest.
public struct SegmentReader: SegmentSource {
    public let path: String
    public let entry: Manifest.File

    public init(directory: String, entry: Manifest.File) {
        path = directory + "/" + entry.path
        self.entry = entry
    }

    public var name: String { entry.path }
    public var expectedItems: Int? { entry.items }

    /// Streams the compressed file through SHA-256 and compares size and digest with the
    /// manifest, so no item of a corrupt segment is ever handed out.
    public func verifyChecksum() throws {
        var hasher = SHA256()
        var size = 0
        try ChunkedFile.read(path) { chunk in
            hasher.update(bufferPointer: chunk)
            size += chunk.count
        }
        guard size == entry.compressedBytes else {
            throw ArchiveError.corruptSegment(path: path, detail: "\(size) bytes on disk, the manifest says \(entry.compressedBytes) (truncated or replaced?)")
        }
        let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        guard digest == entry.sha256 else {
            throw ArchiveError.checksumMismatch(path: path, expected: entry.sha256, actual: digest)
        }
    }

    public func forEachItem(_ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Void) throws {
        let decoder = try ZstdDecoder()
        var lines = try LineAssembler.read(path, through: decoder, trustedShape: true, body)
        guard decoder.atFrameEnd else {
            throw ArchiveError.corruptSegment(path: path, detail: "the zstd stream is truncated")
        }
        try lines.finish(allowUnterminated: false, body)
        guard lines.lineNumber == entry.items else {
            throw ArchiveError.countMismatch(path: path, expected: entry.items, actual: lines.lineNumber)
        }
    }
}
