import PumpJSON

/// The line shape of AWS's Export to S3 `DYNAMODB_JSON`: `{"Item":{…}}` then a newline.
public enum ItemLine {
    static let prefix: [UInt8] = Array(#"{"Item":"#.utf8)
    static let suffix: [UInt8] = Array("}\n".utf8)
    private static let itemKey = Array("Item".utf8)

    /// Appends the line for one raw item.
    @inline(__always)
    public static func append(item: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        out.append(contentsOf: prefix)
        out.append(contentsOf: item)
        out.append(contentsOf: suffix)
    }

    /// The range of the item object inside a line (without its newline).
    ///
    /// For the exact shape pump writes this only looks at the ends of the line; whether the
    /// middle is well-formed is `ItemCheck`'s job (verify) or DynamoDB's (restore --no-verify),
    /// so the hot path reads each byte once.
    /// `trustedShape` is for pump's own segments only; lines of other files may carry more
    /// members after the item (rejects files) and always take the general path.
    public static func itemRange(in line: UnsafeBufferPointer<UInt8>, trustedShape: Bool = false) throws -> Range<Int> {
        if trustedShape, line.count > prefix.count + 1, line.starts(with: prefix), line[prefix.count] == UInt8(ascii: "{"),
           line[line.count - 1] == UInt8(ascii: "}") {
            return prefix.count..<(line.count - 1)
        }
        let scanner = JSONScanner(line)
        let top = try scanner.valueRange(at: 0)
        guard scanner.skipWhitespace(top.upperBound) == line.count else {
            throw JSONScanError.unexpectedByte(line[top.upperBound], offset: top.upperBound, expected: "end of line")
        }
        guard let item = try scanner.member("Item", in: top) else {
            throw JSONScanError.unexpectedByte(line[top.lowerBound], offset: top.lowerBound, expected: #"{"Item":{…}}"#)
        }
        guard line[item.lowerBound] == UInt8(ascii: "{") else {
            throw JSONScanError.unexpectedByte(line[item.lowerBound], offset: item.lowerBound, expected: "an item object")
        }
        return item
    }
}
