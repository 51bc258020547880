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
        let line = data.withMemoryRebound(to: UInt8.self, capacity: length) { bytes in
            String(decoding: UnsafeBufferPointer(start: bytes, count: length), as: UTF8.self)
        }
        if line.hasPrefix("HTTP/") {
            // A new status line (after a redirect or 100 Continue) starts a new header block.
            sink.headers.removeAll(keepingCapacity: true)
        } else if let colon = line.firstIndex(of: ":") {
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
            sink.headers.append((name, value))
        }
        return length
    }
}

import Foundation
