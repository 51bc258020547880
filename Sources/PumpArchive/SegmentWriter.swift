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

    init(directory: String, relativePath: String, scanSegment: Int, level: Int32, threads: Int32 = 0) throws {
        self.relativePath = relativePath
        self.scanSegment = scanSegment
        path = directory + "/" + relativePath
        temporaryPath = FileOps.temporaryPath(for: path)
        encoder = try ZstdEncoder(level: level, workers: threads)
        fd = try FileOps.createExclusive(temporaryPath)
        staging.reserveCapacity(stagingLimit + 512 * 1024)
    }

    /// Reopens the temporary file of an interrupted part, keeping its first `durableBytes`
    /// (whole zstd frames, per its checkpoint) and rebuilding the running SHA-256 from them.
    init(resuming directory: String, relativePath: String, scanSegment: Int, level: Int32, threads: Int32 = 0, durableBytes: Int, items: Int, uncompressedBytes: Int) throws {
        self.relativePath = relativePath
        self.scanSegment = scanSegment
        path = directory + "/" + relativePath
        temporaryPath = FileOps.temporaryPath(for: path)
        encoder = try ZstdEncoder(level: level, workers: threads)
        let exists = FileManager.default.fileExists(atPath: temporaryPath)
        guard exists || durableBytes == 0 else {
            throw ArchiveError.corruptSegment(path: temporaryPath, detail: "its checkpoint says \(durableBytes) bytes are written, but the file is gone; start a new backup")
        }
        fd = exists ? open(temporaryPath, O_RDWR | O_CLOEXEC) : try FileOps.createExclusive(temporaryPath)
        guard fd >= 0 else { throw ArchiveError.io(path: temporaryPath, operation: "open", errno: errno) }
        guard ftruncate(fd, off_t(durableBytes)) == 0 else { throw ArchiveError.io(path: temporaryPath, operation: "truncate", errno: errno) }
        var prefix = [UInt8](repeating: 0, count: 1 << 20)
        var offset = 0
        while offset < durableBytes {
            let n = prefix.withUnsafeMutableBytes { pread(fd, $0.baseAddress, min($0.count, durableBytes - offset), off_t(offset)) }
            guard n > 0 else { throw ArchiveError.corruptSegment(path: temporaryPath, detail: "shorter than its checkpoint's \(durableBytes) bytes") }
            prefix.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
            offset += n
        }
        lseek(fd, off_t(durableBytes), SEEK_SET)
        self.items = items
        self.uncompressedBytes = uncompressedBytes
        compressedBytes = durableBytes
        staging.reserveCapacity(stagingLimit + 512 * 1024)
    }

    deinit {
        if !finished {
            close(fd)
        }
    }

    /// Ends the current zstd frame and makes everything written so far durable; returns
    /// what a checkpoint records. Later items go into a new frame of the same file
    /// (concatenated frames are one valid zstd stream).
    public func checkpoint() throws -> (durableBytes: Int, items: Int, uncompressedBytes: Int) {
        try flush(end: true)
        guard fsync(fd) == 0 else { throw ArchiveError.io(path: temporaryPath, operation: "fsync", errno: errno) }
        return (compressedBytes, items, uncompressedBytes)
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
        let file = try seal()
        try publish()
        return file
    }

    /// Ends the last frame, makes the file durable under its temporary name and describes it.
    /// A resumable backup records the description in a checkpoint before `publish()`.
    public func seal() throws -> Manifest.File {
        try flush(end: true)
        finished = true
        try FileOps.fsyncAndClose(fd, path: temporaryPath)
        let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        return Manifest.File(path: relativePath, scanSegment: scanSegment, items: items,
                             uncompressedBytes: uncompressedBytes, compressedBytes: compressedBytes, sha256: digest)
    }

    /// Gives a sealed file its final name.
    public func publish() throws {
        try FileOps.rename(temporaryPath, path)
    }

    /// Gives a sealed part its final name after a crash between its checkpoint and the rename.
    public static func publishIfNeeded(directory: String, file: Manifest.File) throws {
        let path = directory + "/" + file.path
        guard !FileManager.default.fileExists(atPath: path) else { return }
        let temporary = FileOps.temporaryPath(for: path)
        guard FileManager.default.fileExists(atPath: temporary) else { throw ArchiveError.missingFile(path: path) }
        try FileOps.rename(temporary, path)
    }
}
