/// Finds the byte ranges of JSON values without decoding them.
///
/// The hot paths of backup and restore move DynamoDB items as opaque bytes: a Scan page's
/// `Items` array is split into item ranges and written out unchanged, so no item is ever
/// decoded into Swift values. Only small members (`Count`, `LastEvaluatedKey`) are decoded.
public struct JSONScanner {
    public let bytes: UnsafeBufferPointer<UInt8>

    public init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    @inline(__always)
    public func skipWhitespace(_ start: Int, limit: Int? = nil) -> Int {
        let end = limit ?? bytes.count
        var i = start
        while i < end {
            switch bytes[i] {
            case 0x20, 0x0A, 0x0D, 0x09: i += 1
            default: return i
            }
        }
        return i
    }

    /// The range of the value starting at `start` (leading whitespace allowed).
    public func valueRange(at start: Int, limit: Int? = nil) throws -> Range<Int> {
        let end = limit ?? bytes.count
        let first = skipWhitespace(start, limit: end)
        guard first < end else { throw JSONScanError.unexpectedEnd(offset: first) }
        return first..<(try valueEnd(from: first, limit: end))
    }

    /// The offset just past the value that starts exactly at `start`.
    public func valueEnd(from start: Int, limit: Int? = nil) throws -> Int {
        let end = limit ?? bytes.count
        guard start < end else { throw JSONScanError.unexpectedEnd(offset: start) }
        switch bytes[start] {
        case UInt8(ascii: "\""):
            return try stringEnd(from: start, limit: end)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            return try containerEnd(from: start, limit: end)
        default:
            // number, true, false, null: runs until a structural byte or whitespace
            var i = start
            while i < end {
                switch bytes[i] {
                case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x0A, 0x0D, 0x09:
                    guard i > start else { throw JSONScanError.unexpectedByte(bytes[i], offset: i, expected: "a value") }
                    return i
                default:
                    i += 1
                }
            }
            return i
        }
    }

    /// `start` is the opening quote; returns the offset after the closing quote.
    @inline(__always)
    func stringEnd(from start: Int, limit end: Int) throws -> Int {
        var i = start + 1
        while i < end {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") { return i + 1 }
            i += b == UInt8(ascii: "\\") ? 2 : 1
        }
        throw JSONScanError.unexpectedEnd(offset: end)
    }

    /// Skips a whole object or array by tracking depth; strings are skipped so brackets
    /// inside them do not count.
    func containerEnd(from start: Int, limit end: Int) throws -> Int {
        var depth = 0
        var i = start
        while i < end {
            let b = bytes[i]
            switch b {
            case UInt8(ascii: "\""):
                i = try stringEnd(from: i, limit: end)
                continue
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 { return i + 1 }
            default:
                break
            }
            i += 1
        }
        throw JSONScanError.unexpectedEnd(offset: end)
    }

    /// The members of the object spanning `range`: key ranges exclude the quotes.
    public func objectMembers(_ range: Range<Int>) throws -> [(key: Range<Int>, value: Range<Int>)] {
        var members: [(key: Range<Int>, value: Range<Int>)] = []
        try forEachMember(range) { key, value in members.append((key, value)); return true }
        return members
    }

    /// Calls `body` for each member until it returns false.
    public func forEachMember(_ range: Range<Int>, _ body: (Range<Int>, Range<Int>) throws -> Bool) throws {
        var i = skipWhitespace(range.lowerBound, limit: range.upperBound)
        try expect(UInt8(ascii: "{"), at: i, limit: range.upperBound, what: "'{'")
        i = skipWhitespace(i + 1, limit: range.upperBound)
        if i < range.upperBound && bytes[i] == UInt8(ascii: "}") { return }
        while true {
            try expect(UInt8(ascii: "\""), at: i, limit: range.upperBound, what: "a member name")
            let keyEnd = try stringEnd(from: i, limit: range.upperBound)
            let key = (i + 1)..<(keyEnd - 1)
            i = skipWhitespace(keyEnd, limit: range.upperBound)
            try expect(UInt8(ascii: ":"), at: i, limit: range.upperBound, what: "':'")
            let value = try valueRange(at: i + 1, limit: range.upperBound)
            guard try body(key, value) else { return }
            i = skipWhitespace(value.upperBound, limit: range.upperBound)
            guard i < range.upperBound else { throw JSONScanError.unexpectedEnd(offset: i) }
            if bytes[i] == UInt8(ascii: "}") { return }
            try expect(UInt8(ascii: ","), at: i, limit: range.upperBound, what: "',' or '}'")
            i = skipWhitespace(i + 1, limit: range.upperBound)
        }
    }

    /// The elements of the array spanning `range`.
    public func arrayElements(_ range: Range<Int>) throws -> [Range<Int>] {
        try arrayElements(startingAt: range.lowerBound, limit: range.upperBound).elements
    }

    /// The elements of the array starting at `start`, and the offset just past it: one pass,
    /// for callers that have not measured the array first (a Scan page's `Items`).
    public func arrayElements(startingAt start: Int, limit: Int? = nil) throws -> (elements: [Range<Int>], end: Int) {
        let limit = limit ?? bytes.count
        var elements: [Range<Int>] = []
        var i = skipWhitespace(start, limit: limit)
        try expect(UInt8(ascii: "["), at: i, limit: limit, what: "'['")
        i = skipWhitespace(i + 1, limit: limit)
        if i < limit && bytes[i] == UInt8(ascii: "]") { return (elements, i + 1) }
        while true {
            let value = try valueRange(at: i, limit: limit)
            elements.append(value)
            i = skipWhitespace(value.upperBound, limit: limit)
            guard i < limit else { throw JSONScanError.unexpectedEnd(offset: i) }
            if bytes[i] == UInt8(ascii: "]") { return (elements, i + 1) }
            try expect(UInt8(ascii: ","), at: i, limit: limit, what: "',' or ']'")
            i += 1
        }
    }

    /// Like `forEachMember`, but hands `body` the offset where each value starts and lets it
    /// return where the value ends, so a caller can parse a large value in the same pass.
    /// `body` returns nil to have the value skipped as usual.
    public func forEachMemberStart(_ range: Range<Int>, _ body: (Range<Int>, Int) throws -> Int?) throws {
        var i = skipWhitespace(range.lowerBound, limit: range.upperBound)
        try expect(UInt8(ascii: "{"), at: i, limit: range.upperBound, what: "'{'")
        i = skipWhitespace(i + 1, limit: range.upperBound)
        if i < range.upperBound && bytes[i] == UInt8(ascii: "}") { return }
        while true {
            try expect(UInt8(ascii: "\""), at: i, limit: range.upperBound, what: "a member name")
            let keyEnd = try stringEnd(from: i, limit: range.upperBound)
            let key = (i + 1)..<(keyEnd - 1)
            i = skipWhitespace(keyEnd, limit: range.upperBound)
            try expect(UInt8(ascii: ":"), at: i, limit: range.upperBound, what: "':'")
            let valueStart = skipWhitespace(i + 1, limit: range.upperBound)
            let valueEnd = try body(key, valueStart) ?? valueEnd(from: valueStart, limit: range.upperBound)
            i = skipWhitespace(valueEnd, limit: range.upperBound)
            guard i < range.upperBound else { throw JSONScanError.unexpectedEnd(offset: i) }
            if bytes[i] == UInt8(ascii: "}") { return }
            try expect(UInt8(ascii: ","), at: i, limit: range.upperBound, what: "',' or '}'")
            i = skipWhitespace(i + 1, limit: range.upperBound)
        }
    }

    /// The value of member `name` of the object spanning `range`, if present.
    public func member(_ name: String, in range: Range<Int>) throws -> Range<Int>? {
        let wanted = Array(name.utf8)
        var found: Range<Int>?
        try forEachMember(range) { key, value in
            if keyEquals(key, wanted) { found = value; return false }
            return true
        }
        return found
    }

    /// Compares a raw key to an escape-free name; DynamoDB's protocol member names never need escapes.
    @inline(__always)
    public func keyEquals(_ key: Range<Int>, _ name: [UInt8]) -> Bool {
        guard key.count == name.count else { return false }
        var j = 0
        for i in key {
            if bytes[i] != name[j] { return false }
            j += 1
        }
        return true
    }

    /// Decodes the JSON string spanning `range` (quotes included).
    public func decodeString(_ range: Range<Int>) throws -> String {
        try JSONStringCodec.decode(bytes, range)
    }

    @inline(__always)
    private func expect(_ byte: UInt8, at i: Int, limit: Int, what: String) throws {
        guard i < limit else { throw JSONScanError.unexpectedEnd(offset: i) }
        guard bytes[i] == byte else { throw JSONScanError.unexpectedByte(bytes[i], offset: i, expected: what) }
    }
}
