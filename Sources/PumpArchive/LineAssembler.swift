/// Turns decompressed chunks into item lines, numbering them, for every line-based format
/// (pump segments, AWS export files).
struct LineAssembler {
    let path: String
    /// pump's own segments: items are found from the line's ends alone (see `ItemLine`).
    let trustedShape: Bool
    private var pending: [UInt8] = []
    private(set) var lineNumber = 0

    init(path: String, trustedShape: Bool = false) {
        self.path = path
        self.trustedShape = trustedShape
    }

    /// Feeds a chunk; calls `body` for every complete line's item.
    mutating func feed(_ chunk: UnsafeRawBufferPointer, _ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Void) throws {
        pending.append(contentsOf: chunk)
        var start = 0
        let path = self.path, trusted = trustedShape
        var number = lineNumber
        defer { lineNumber = number }
        try pending.withUnsafeBufferPointer { buffer in
            while let newline = buffer[start...].firstIndex(of: 0x0A) {
                number += 1
                try Self.emit(UnsafeBufferPointer(rebasing: buffer[start..<newline]), number: number, path: path, trusted: trusted, body)
                start = newline + 1
            }
        }
        pending.removeFirst(start)
    }

    /// Ends the input: a last line without newline is a truncated file unless `allowUnterminated`.
    mutating func finish(allowUnterminated: Bool, _ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Void) throws {
        guard !pending.isEmpty else { return }
        guard allowUnterminated else {
            throw ArchiveError.corruptSegment(path: path, detail: "the last line has no newline (truncated?)")
        }
        lineNumber += 1
        let number = lineNumber
        try pending.withUnsafeBufferPointer { try Self.emit($0, number: number, path: path, trusted: trustedShape, body) }
        pending.removeAll()
    }

    private static func emit(_ line: UnsafeBufferPointer<UInt8>, number: Int, path: String, trusted: Bool, _ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Void) throws {
        let range: Range<Int>
        do {
            range = try ItemLine.itemRange(in: line, trustedShape: trusted)
        } catch {
            throw ArchiveError.invalidLine(path: path, line: number, detail: "not an {\"Item\":{…}} line: \(error)")
        }
        try body(UnsafeBufferPointer(rebasing: line[range]), number)
    }
}

import Foundation

/// A streaming decompressor: compressed chunks in, decompressed chunks out.
protocol StreamDecoder: AnyObject {
    func decompress(_ bytes: UnsafeRawBufferPointer, sink: (UnsafeRawBufferPointer) throws -> Void) throws
}

extension LineAssembler {
    /// Reads a compressed file of item lines through `decoder`; returns the assembler so the
    /// caller can finish it by its format's rules. Decoder failures become corrupt-segment errors.
    static func read(_ path: String, through decoder: some StreamDecoder, trustedShape: Bool, _ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Void) throws -> LineAssembler {
        var lines = LineAssembler(path: path, trustedShape: trustedShape)
        do {
            try ChunkedFile.read(path) { compressed in
                try decoder.decompress(compressed) { chunk in try lines.feed(chunk, body) }
            }
        } catch ArchiveError.compression(let detail) {
            throw ArchiveError.corruptSegment(path: path, detail: detail)
        }
        return lines
    }
}

/// Reads a file in 1 MiB chunks. Errors thrown by `body` pass through unchanged
/// (a restore's write failure is not file corruption).
enum ChunkedFile {
    static let chunkSize = 1 << 20

    static func read(_ path: String, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { throw ArchiveError.missingFile(path: path) }
            throw ArchiveError.io(path: path, operation: "open", errno: errno)
        }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: chunkSize)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, chunkSize) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ArchiveError.io(path: path, operation: "read", errno: errno)
            }
            if n == 0 { return }
            try buffer.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
        }
    }
}
