/// Checks that bytes are exactly one well-formed JSON value (RFC 8259 grammar), without
/// building anything: `pump verify` runs it over every line of a backup, so it must keep
/// pace with zstd decompression.
public struct JSONValidator {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var i = 0
    private var depth = 0
    private static let maxDepth = 64

    public static func validate(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        var validator = JSONValidator(bytes: bytes)
        validator.skipWhitespace()
        try validator.value()
        validator.skipWhitespace()
        if validator.i != bytes.count {
            throw JSONScanError.unexpectedByte(bytes[validator.i], offset: validator.i, expected: "end of input")
        }
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    private mutating func skipWhitespace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    private func peek() throws -> UInt8 {
        guard i < bytes.count else { throw JSONScanError.unexpectedEnd(offset: i) }
        return bytes[i]
    }

    private mutating func value() throws {
        switch try peek() {
        case UInt8(ascii: "{"): try container(close: UInt8(ascii: "}"), isObject: true)
        case UInt8(ascii: "["): try container(close: UInt8(ascii: "]"), isObject: false)
        case UInt8(ascii: "\""): try string()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
        default: throw JSONScanError.unexpectedByte(bytes[i], offset: i, expected: "a JSON value")
        }
    }

    private mutating func container(close: UInt8, isObject: Bool) throws {
        depth += 1
        guard depth <= Self.maxDepth else { throw JSONScanError.unexpectedByte(bytes[i], offset: i, expected: "nesting of at most \(Self.maxDepth) levels") }
        i += 1
        skipWhitespace()
        if try peek() == close {
            i += 1
            depth -= 1
            return
        }
        while true {
            if isObject {
                guard try peek() == UInt8(ascii: "\"") else { throw JSONScanError.unexpectedByte(bytes[i], offset: i, expected: "a member name") }
                try string()
                skipWhitespace()
                guard try peek() == UInt8(ascii: ":") else { throw JSONScanError.unexpectedByte(bytes[i], offset: i, expected: "':'") }
                i += 1
                skipWhitespace()
            }
            try value()
            skipWhitespace()
            let next = try peek()
            i += 1
            if next == close { break }
            guard next == UInt8(ascii: ",") else {
                throw JSONScanError.unexpectedByte(next, offset: i - 1, expected: isObject ? "',' or '}'" : "',' or ']'")
            }
            skipWhitespace()
        }
        depth -= 1
    }

    private mutating func string() throws {
        i += 1
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") { i += 1; return }
            if b < 0x20 { throw JSONScanError.unexpectedByte(b, offset: i, expected: "an escaped control character") }
            if b == UInt8(ascii: "\\") {
                guard i + 1 < bytes.count else { throw JSONScanError.unexpectedEnd(offset: i + 1) }
                switch bytes[i + 1] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                     UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    i += 2
                case UInt8(ascii: "u"):
                    guard i + 6 <= bytes.count, (2..<6).allSatisfy({ Self.isHex(bytes[i + $0]) }) else { throw JSONScanError.invalidEscape(offset: i) }
                    i += 6
                default:
                    throw JSONScanError.invalidEscape(offset: i)
                }
                continue
            }
            i += 1
        }
        throw JSONScanError.unexpectedEnd(offset: i)
    }

    private static func isHex(_ b: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(b) || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(b)
    }

    private mutating func literal(_ word: StaticString) throws {
        let count = word.utf8CodeUnitCount
        guard i + count <= bytes.count else { throw JSONScanError.unexpectedEnd(offset: bytes.count) }
        for k in 0..<count where bytes[i + k] != word.utf8Start[k] {
            throw JSONScanError.unexpectedByte(bytes[i + k], offset: i + k, expected: "\(word)")
        }
        i += count
    }

    private mutating func number() throws {
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        try digits(allowLeadingZero: false)
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            try digits(allowLeadingZero: true)
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            try digits(allowLeadingZero: true)
        }
    }

    private mutating func digits(allowLeadingZero: Bool) throws {
        let start = i
        while i < bytes.count, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") { i += 1 }
        guard i > start else { throw i < bytes.count ? JSONScanError.unexpectedByte(bytes[i], offset: i, expected: "a digit") : JSONScanError.unexpectedEnd(offset: i) }
        if !allowLeadingZero && i - start > 1 && bytes[start] == UInt8(ascii: "0") {
            throw JSONScanError.unexpectedByte(bytes[start + 1], offset: start + 1, expected: "no leading zero")
        }
    }
}
