import Foundation

/// Why a byte range is not the JSON pump expected.
public enum JSONScanError: Error, Equatable, CustomStringConvertible {
    case unexpectedEnd(offset: Int)
    case unexpectedByte(UInt8, offset: Int, expected: String)
    case invalidEscape(offset: Int)

    public var description: String {
        switch self {
        case .unexpectedEnd(let offset):
            return "JSON ends unexpectedly at byte \(offset)"
        case .unexpectedByte(let byte, let offset, let expected):
            let shown = byte >= 0x20 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : String(format: "0x%02X", byte)
            return "unexpected \(shown) at byte \(offset), expected \(expected)"
        case .invalidEscape(let offset):
            return "invalid escape sequence in a JSON string at byte \(offset)"
        }
    }
}
