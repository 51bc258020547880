import CZlib

/// zlib's streaming inflater for gzip files (AWS Export to S3 data files).
final class GzipDecoder: StreamDecoder {
    private var stream = z_stream()
    private var output = [UInt8](repeating: 0, count: 1 << 18)
    private(set) var finished = false

    init() throws {
        // 16 + MAX_WBITS: expect a gzip header, not a raw zlib one.
        let status = inflateInit2_(&stream, 16 + MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw ArchiveError.compression(detail: "gzip: inflateInit2 failed (\(status))") }
    }

    deinit { inflateEnd(&stream) }

    func decompress(_ bytes: UnsafeRawBufferPointer, sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard !bytes.isEmpty else { return }
        stream.next_in = UnsafeMutablePointer(mutating: bytes.baseAddress!.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(bytes.count)
        while stream.avail_in > 0 {
            if finished {
                // Concatenated gzip members are legal: start the next one.
                inflateReset(&stream)
                finished = false
            }
            let produced = try output.withUnsafeMutableBytes { out -> Int in
                stream.next_out = out.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.avail_out = uInt(out.count)
                let status = inflate(&stream, Z_NO_FLUSH)
                switch status {
                case Z_OK, Z_BUF_ERROR: break
                case Z_STREAM_END: finished = true
                default:
                    let message = stream.msg.map { String(cString: $0) } ?? "error \(status)"
                    throw ArchiveError.compression(detail: "gzip: \(message)")
                }
                return out.count - Int(stream.avail_out)
            }
            if produced > 0 {
                try output.withUnsafeBytes { try sink(UnsafeRawBufferPointer(rebasing: $0[0..<produced])) }
            } else if stream.avail_in > 0 && !finished {
                throw ArchiveError.compression(detail: "gzip: no progress (corrupt data)")
            }
        }
    }
}
