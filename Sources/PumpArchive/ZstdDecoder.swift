import CZstd

/// libzstd's streaming decompressor, fed compressed chunks, handing out decompressed chunks.
final class ZstdDecoder: StreamDecoder {
    private let context: OpaquePointer
    private var output: [UInt8]
    /// Whether the last call ended exactly at a frame boundary (a truncated file does not).
    private(set) var atFrameEnd = true

    init() throws {
        guard let context = ZSTD_createDCtx() else { throw ArchiveError.compression(detail: "zstd: cannot allocate a decompression context") }
        self.context = context
        output = [UInt8](repeating: 0, count: ZSTD_DStreamOutSize())
    }

    deinit { ZSTD_freeDCtx(context) }

    func decompress(_ bytes: UnsafeRawBufferPointer, sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        var input = ZSTD_inBuffer(src: bytes.baseAddress, size: bytes.count, pos: 0)
        while true {
            let (hint, produced) = try output.withUnsafeMutableBytes { (out) throws -> (Int, Int) in
                var buffer = ZSTD_outBuffer(dst: out.baseAddress, size: out.count, pos: 0)
                let hint = ZSTD_decompressStream(context, &buffer, &input)
                if ZSTD_isError(hint) != 0 { throw ArchiveError.compression(detail: "zstd: " + String(cString: ZSTD_getErrorName(hint))) }
                return (hint, buffer.pos)
            }
            atFrameEnd = hint == 0
            if produced > 0 {
                try output.withUnsafeBytes { (out) throws in try sink(UnsafeRawBufferPointer(rebasing: out[0..<produced])) }
            }
            // Done when the input is used up and zstd has nothing buffered for us.
            if input.pos == input.size && produced < output.count { return }
        }
    }
}
