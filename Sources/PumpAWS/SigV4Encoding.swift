import Foundation

/// Byte-level building blocks of the canonical request. Everything works on UTF-8
/// bytes appended to one buffer because the signer runs once per request on the
/// restore hot path, and String concatenation would allocate at every step.
enum SigV4Encoding {
    static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)
    static let lowerHexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    @inline(__always)
    static func isUnreserved(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    @inline(__always)
    static func isWhitespace(_ b: UInt8) -> Bool {
        b == 0x20 || (b >= 0x09 && b <= 0x0D)
    }

    /// RFC 3986 encoding with uppercase hex, as SigV4 requires.
    static func appendEncoded<C: Collection>(_ bytes: C, keepSlash: Bool, into out: inout [UInt8])
    where C.Element == UInt8 {
        for b in bytes {
            if isUnreserved(b) || (keepSlash && b == UInt8(ascii: "/")) {
                out.append(b)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hexDigits[Int(b >> 4)])
                out.append(hexDigits[Int(b & 0x0F)])
            }
        }
    }

    /// Botocore's `remove_dot_segments`, which also collapses empty segments because
    /// AWS services other than S3 canonicalise `//` to `/`. A trailing slash survives
    /// unless nothing is left; note `/a/.` becomes `/a` (RFC 3986 would say `/a/`).
    static func appendNormalizedPath(_ path: Substring.UTF8View, into out: inout [UInt8]) {
        guard let first = path.first, let last = path.last else {
            out.append(UInt8(ascii: "/"))
            return
        }
        var kept: [Substring.UTF8View.SubSequence] = []
        for segment in path.split(separator: UInt8(ascii: "/")) {
            if segment.elementsEqual(CollectionOfOne(UInt8(ascii: "."))) { continue }
            if segment.elementsEqual("..".utf8) {
                if !kept.isEmpty { kept.removeLast() }
                continue
            }
            kept.append(segment)
        }
        if first == UInt8(ascii: "/") { out.append(UInt8(ascii: "/")) }
        for (i, segment) in kept.enumerated() {
            if i > 0 { out.append(UInt8(ascii: "/")) }
            appendEncoded(segment, keepSlash: false, into: &out)
        }
        if last == UInt8(ascii: "/") && !kept.isEmpty { out.append(UInt8(ascii: "/")) }
    }

    /// Decodes `%XX` escapes (invalid ones stay literal) so that a query written raw
    /// (`ሴ=bar`) and one already encoded (`%E1%88%B4=bar`) canonicalise the same —
    /// the server sees the decoded form either way. `+` stays a literal plus.
    static func percentDecoded(_ bytes: Substring.UTF8View.SubSequence) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        while i != bytes.endIndex {
            let b = bytes[i]
            if b == UInt8(ascii: "%"),
               let h1 = bytes.index(i, offsetBy: 1, limitedBy: bytes.endIndex), h1 != bytes.endIndex,
               let h2 = bytes.index(h1, offsetBy: 1, limitedBy: bytes.endIndex), h2 != bytes.endIndex,
               let hi = hexValue(bytes[h1]), let lo = hexValue(bytes[h2]) {
                out.append(hi << 4 | lo)
                i = bytes.index(after: h2)
            } else {
                out.append(b)
                i = bytes.index(after: i)
            }
        }
        return out
    }

    @inline(__always)
    static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return b - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// Pairs sorted by encoded key, then encoded value (repeated keys are legal).
    static func appendCanonicalQuery(_ query: String, into out: inout [UInt8]) {
        if query.isEmpty { return }
        var pairs: [(key: [UInt8], value: [UInt8])] = []
        for item in query.utf8.split(separator: UInt8(ascii: "&")) {
            let eq = item.firstIndex(of: UInt8(ascii: "=")) ?? item.endIndex
            var key: [UInt8] = [], value: [UInt8] = []
            appendEncoded(percentDecoded(item[..<eq]), keepSlash: false, into: &key)
            if eq != item.endIndex {
                appendEncoded(percentDecoded(item[item.index(after: eq)...]), keepSlash: false, into: &value)
            }
            pairs.append((key, value))
        }
        pairs.sort { a, b in
            a.key == b.key ? a.value.lexicographicallyPrecedes(b.value) : a.key.lexicographicallyPrecedes(b.key)
        }
        for (i, pair) in pairs.enumerated() {
            if i > 0 { out.append(UInt8(ascii: "&")) }
            out.append(contentsOf: pair.key)
            out.append(UInt8(ascii: "="))
            out.append(contentsOf: pair.value)
        }
    }

    /// SigV4 "Trimall": drops leading/trailing whitespace and folds every inner run
    /// (including the line breaks of obsolete multi-line headers) into one space.
    static func appendTrimmedHeaderValue(_ value: String, into out: inout [UInt8]) {
        var pendingSpace = false
        var wroteAny = false
        for b in value.utf8 {
            if isWhitespace(b) {
                pendingSpace = wroteAny
            } else {
                if pendingSpace { out.append(UInt8(ascii: " ")); pendingSpace = false }
                out.append(b)
                wroteAny = true
            }
        }
    }

    /// ASCII case-insensitive comparison against an already lowercase name,
    /// without allocating a lowercased copy.
    static func nameEquals(_ name: String, lowercased target: String) -> Bool {
        name.utf8.count == target.utf8.count
            && zip(name.utf8, target.utf8).allSatisfy { a, t in
                (a >= UInt8(ascii: "A") && a <= UInt8(ascii: "Z") ? a | 0x20 : a) == t
            }
    }

    static func lowerHex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for b in bytes {
            out.append(lowerHexDigits[Int(b >> 4)])
            out.append(lowerHexDigits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `yyyyMMdd'T'HHmmss'Z'` in UTC, computed arithmetically (Hinnant's
    /// civil-from-days) because DateFormatter is slow and not thread-friendly.
    /// Fractional seconds are truncated, as botocore's strftime does.
    static func amzTimestamp(_ date: Date) -> String {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 { secondOfDay += 86_400; days -= 1 }
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)

        var out: [UInt8] = []
        out.reserveCapacity(16)
        func digits(_ value: Int64, _ width: Int) {
            var divisor: Int64 = 1
            for _ in 1..<width { divisor *= 10 }
            var v = value
            while divisor > 0 {
                out.append(UInt8(ascii: "0") + UInt8(v / divisor % 10))
                v %= divisor
                divisor /= 10
            }
        }
        digits(year, 4); digits(month, 2); digits(day, 2)
        out.append(UInt8(ascii: "T"))
        digits(secondOfDay / 3600, 2); digits(secondOfDay / 60 % 60, 2); digits(secondOfDay % 60, 2)
        out.append(UInt8(ascii: "Z"))
        return String(decoding: out, as: UTF8.self)
    }
}
