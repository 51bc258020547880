import Crypto
import Foundation

/// Writes one segment file: item lines, zstd-compressed, hashed as written.
/// The file lives under a temporary name until `finish()` makes it durable and renames it,
/// so a segment with its final name is always whole.
public final class SegmentWriter {
    public let path: String
    public let relativePath: String
    public let scanSegment: Int
    private let temporaryPath: String
    private let fd: Int32
    private let encoder: ZstdEncoder
    private var hasher = SHA256()
    private var staging: [UInt8] = []
    private let stagingLimit = 1 << 20
    public private(set) var items = 0
    public private(set) var uncompressedBytes = 0
    public private(set) var compressedBytes = 0
    private var finished = false

    /// Uncompressed bytes so far, buffered ones included: what the segment size limit measures.
    public var size: Int { uncompressedBytes + staging.count }

    init(directory: String, relativePath: String, scanSegment: Int, level: Int32) throws {
        self.relativePath = relativePath
        self.scanSegment = scanSegment
        path = directory + "/" + relativePath
        let name = (path as NSString).lastPathComponent
        temporaryPath = (path as NSString).deletingLastPathComponent + "/." + name + ".tmp"
        encoder = try ZstdEncoder(level: level)
        fd = try FileOps.createExclusive(temporaryPath)
        staging.reserveCapacity(stagingLimit + 512 * 1024)
    }

    deinit {
        if !finished {
            close(fd)
            unlink(temporaryPath)
        }
    }

    /// Appends one line per item range of `body` (a Scan response kept as bytes).
    public func append(items ranges: [Range<Int>], of body: [UInt8]) throws {
        body.withUnsafeBufferPointer { buffer in
            for range in ranges {
                ItemLine.append(item: UnsafeBufferPointer(rebasing: buffer[range]), to: &staging)
            }
        }
        items += ranges.count
        if staging.count >= stagingLimit { try flush(end: false) }
    }

    private func flush(end: Bool) throws {
        uncompressedBytes += staging.count
        try staging.withUnsafeBytes { (raw) throws in
            try encoder.compress(raw, end: end) { (chunk) throws in
                hasher.update(bufferPointer: chunk)
                compressedBytes += chunk.count
                try FileOps.writeAll(fd, chunk, path: temporaryPath)
            }
        }
        staging.removeAll(keepingCapacity: true)
    }

    /// Ends the zstd frame, fsyncs, renames into place and describes the file for the manifest.
    public func finish() throws -> Manifest.File {
        try flush(end: true)
        finished = true
        try FileOps.fsyncAndClose(fd, path: temporaryPath)
        try FileOps.rename(temporaryPath, path)
        let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        return Manifest.File(path: relativePath, scanSegment: scanSegment, items: items,
                             uncompressedBytes: uncompressedBytes, compressedBytes: compressedBytes, sha256: digest)
    }
}
