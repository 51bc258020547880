import Crypto
import Foundation

/// Reads one segment file back as item lines, after checking it against the manifest.
public struct SegmentReader {
    public let path: String
    public let entry: Manifest.File
    private let chunkSize = 1 << 20

    public init(directory: String, entry: Manifest.File) {
        path = directory + "/" + entry.path
        self.entry = entry
    }

    /// Streams the compressed file through SHA-256 and compares with the manifest,
    /// so no item of a corrupt segment is ever handed out.
    public func verifyChecksum() throws {
        var hasher = SHA256()
        var size = 0
        try readChunks { chunk in
            hasher.update(bufferPointer: chunk)
            size += chunk.count
        }
        let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        guard digest == entry.sha256 else {
            throw ArchiveError.checksumMismatch(path: path, expected: entry.sha256, actual: digest)
        }
        guard size == entry.compressedBytes else {
            throw ArchiveError.corruptSegment(path: path, detail: "\(size) bytes on disk, manifest says \(entry.compressedBytes)")
        }
    }

    /// Calls `body` with each line's item bytes and 1-based line number, in file order;
    /// checks the item count against the manifest at the end.
    public func forEachItem(_ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Void) throws {
        let decoder = try ZstdDecoder()
        var pending: [UInt8] = []
        var lineNumber = 0
        func emit(_ line: UnsafeBufferPointer<UInt8>) throws {
            lineNumber += 1
            let range: Range<Int>
            do {
                range = try ItemLine.itemRange(in: line)
            } catch {
                throw ArchiveError.invalidLine(path: path, line: lineNumber, detail: "not an {\"Item\":{…}} line: \(error)")
            }
            try body(UnsafeBufferPointer(rebasing: line[range]), lineNumber)
        }
        try readChunks { compressed in
            try decoder.decompress(compressed) { chunk in
                pending.append(contentsOf: chunk)
            }
            // Hand out every complete line, keep the tail.
            var start = 0
            try pending.withUnsafeBufferPointer { buffer in
                while let newline = buffer[start...].firstIndex(of: 0x0A) {
                    try emit(UnsafeBufferPointer(rebasing: buffer[start..<newline]))
                    start = newline + 1
                }
            }
            pending.removeFirst(start)
        }
        guard decoder.atFrameEnd else {
            throw ArchiveError.corruptSegment(path: path, detail: "the zstd stream is truncated")
        }
        if !pending.isEmpty {
            throw ArchiveError.corruptSegment(path: path, detail: "the last line has no newline (truncated?)")
        }
        guard lineNumber == entry.items else {
            throw ArchiveError.countMismatch(path: path, expected: entry.items, actual: lineNumber)
        }
    }

    /// Errors thrown by `body` pass through unchanged (a restore's write failure is not corruption).
    private func readChunks(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ArchiveError.io(path: path, operation: "open", errno: errno) }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: chunkSize)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, chunkSize) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ArchiveError.io(path: path, operation: "read", errno: errno)
            }
            if n == 0 { return }
            try buffer.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
        }
    }
}
