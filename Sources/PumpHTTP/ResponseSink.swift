import CCurl

/// Collects one response's headers and body from libcurl's callbacks.
final class ResponseSink {
    var body: [UInt8] = []
    var headers: [(name: String, value: String)] = []

    func reset() {
        body.removeAll(keepingCapacity: true)
        headers.removeAll(keepingCapacity: true)
    }

    static let writeBody: curl_write_callback = { data, size, count, context in
        let length = size * count
        guard let data, let context else { return length }
        let sink = Unmanaged<ResponseSink>.fromOpaque(context).takeUnretainedValue()
        data.withMemoryRebound(to: UInt8.self, capacity: length) { bytes in
            sink.body.append(contentsOf: UnsafeBufferPointer(start: bytes, count: length))
        }
        return length
    }

    static let writeHeader: curl_write_callback = { data, size, count, context in
        let length = size * count
        guard let data, let context else { return length }
        let sink = Unmanaged<ResponseSink>.fromOpaque(context).takeUnretainedValue()
        data.withMemoryRebound(to: UInt8.self, capacity: length) { start in
            sink.header(line: UnsafeBufferPointer(start: start, count: length))
        }
        return length
    }

    /// Parses one header line on its bytes: this runs for every header of every response, and
    /// Foundation's trimming here once cost a restore 6 % of its CPU.
    private func header(line: UnsafeBufferPointer<UInt8>) {
        if line.count >= 5 && line[0] == UInt8(ascii: "H") && line[1] == UInt8(ascii: "T") && line[2] == UInt8(ascii: "T")
            && line[3] == UInt8(ascii: "P") && line[4] == UInt8(ascii: "/") {
            // A new status line (after a redirect or 100 Continue) starts a new header block.
            headers.removeAll(keepingCapacity: true)
            return
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return }
        func trimmed(_ range: Range<Int>) -> String {
            var lower = range.lowerBound, upper = range.upperBound
            while lower < upper, Self.isSpace(line[lower]) { lower += 1 }
            while upper > lower, Self.isSpace(line[upper - 1]) { upper -= 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: line[lower..<upper]), as: UTF8.self)
        }
        headers.append((trimmed(0..<colon).lowercased(), trimmed((colon + 1)..<line.count)))
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
    }
}
