import CZstd

/// libzstd's streaming compressor: bytes in, compressed chunks out through `sink`.
final class ZstdEncoder {
    private let context: OpaquePointer
    private var output: [UInt8]

    init(level: Int32, workers: Int32 = 0) throws {
        guard let context = ZSTD_createCCtx() else { throw ArchiveError.compression(detail: "zstd: cannot allocate a compression context") }
        self.context = context
        output = [UInt8](repeating: 0, count: ZSTD_CStreamOutSize())
        try check(ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, level))
        try check(ZSTD_CCtx_setParameter(context, ZSTD_c_checksumFlag, 1))
        if workers > 0 {
            // Fails harmlessly on a libzstd built without threads; compression stays single-threaded.
            _ = ZSTD_CCtx_setParameter(context, ZSTD_c_nbWorkers, workers)
        }
    }

    deinit { ZSTD_freeCCtx(context) }

    /// Compresses `bytes`; `end` finishes the frame.
    func compress(_ bytes: UnsafeRawBufferPointer, end: Bool, sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        var input = ZSTD_inBuffer(src: bytes.baseAddress, size: bytes.count, pos: 0)
        let mode = end ? ZSTD_e_end : ZSTD_e_continue
        var finished = false
        while !finished {
            let (remaining, produced) = try output.withUnsafeMutableBytes { (out) throws -> (Int, Int) in
                var buffer = ZSTD_outBuffer(dst: out.baseAddress, size: out.count, pos: 0)
                let remaining = ZSTD_compressStream2(context, &buffer, &input, mode)
                try check(remaining)
                return (remaining, buffer.pos)
            }
            if produced > 0 {
                try output.withUnsafeBytes { (out) throws in try sink(UnsafeRawBufferPointer(rebasing: out[0..<produced])) }
            }
            finished = end ? remaining == 0 : input.pos == input.size
        }
    }

    private func check(_ code: Int) throws {
        if ZSTD_isError(code) != 0 { throw ArchiveError.compression(detail: "zstd: " + String(cString: ZSTD_getErrorName(code))) }
    }
}
