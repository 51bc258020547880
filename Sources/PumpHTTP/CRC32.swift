import CZlib

/// zlib's CRC-32, the checksum DynamoDB puts in `x-amz-crc32`.
public enum CRC32 {
    public static func checksum(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBufferPointer { buffer in
            UInt32(truncatingIfNeeded: crc32(0, buffer.baseAddress, uInt(buffer.count)))
        }
    }

    /// Throws when the response carries `x-amz-crc32` and the body does not match it.
    public static func verify(_ response: HTTPResponse, url: String) throws(HTTPError) {
        guard let header = response.header("x-amz-crc32"), let expected = UInt32(header) else { return }
        let computed = checksum(response.body)
        if computed != expected {
            throw .checksumMismatch(url: url, expected: expected, computed: computed)
        }
    }
}
