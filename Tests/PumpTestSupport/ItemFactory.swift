import Foundation

/// Deterministic items that exercise every DynamoDB attribute type and the awkward cases:
/// 38-digit numbers, binary with every byte value, empty strings, non-ASCII text, nesting.
public enum ItemFactory {
    /// Item `index` as DynamoDB JSON; `pk`/`sk` are its string keys.
    public static func item(_ index: Int, partitionKey: String = "pk", sortKey: String? = "sk") -> [UInt8] {
        let binary = Data((0..<32).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ index) }).base64EncodedString()
        let allBytes = Data((0...255).map { UInt8($0) }).base64EncodedString()
        var attributes: [String] = []
        attributes.append(#""\#(partitionKey)":{"S":"user#\#(index % 997)"}"#)
        if let sortKey { attributes.append(#""\#(sortKey)":{"S":"item-\#(String(format: "%07d", index))"}"#) }
        attributes += [
            #""s":{"S":"héllo wörld ✓ 日本語 \#(index) \"quoted\" back\\slash\ttab"}"#,
            #""empty":{"S":""}"#,
            #""emoji":{"S":"🦆🚀 \#(index)"}"#,
            #""n":{"N":"\#(index)"}"#,
            #""big":{"N":"1234567890123456789012345678901234567\#(index % 10)"}"#,
            #""tiny":{"N":"-0.000000000000000000000000000000000001\#(index % 10)"}"#,
            #""exp":{"N":"9.9E+125"}"#,
            #""b":{"B":"\#(binary)"}"#,
            #""allbytes":{"B":"\#(allBytes)"}"#,
            #""ss":{"SS":["a","b \#(index)","ç"]}"#,
            #""ns":{"NS":["1","-2.5","\#(index)0"]}"#,
            #""bs":{"BS":["AAE=","/w==","\#(Data([UInt8(index % 256)]).base64EncodedString())"]}"#,
            #""m":{"M":{"nested":{"M":{"deep":{"L":[{"B":"\#(binary)"},{"N":"3.14"},{"NULL":true}]}}},"flag":{"BOOL":\#(index % 2 == 0)}}}"#,
            #""l":{"L":[{"S":""},{"BOOL":false},{"M":{}},{"L":[]},{"BS":["AQID"]},{"SS":["x"]}]}"#,
            #""nul":{"NULL":true}"#,
            #""t":{"BOOL":true}"#,
        ]
        return Array(("{" + attributes.joined(separator: ",") + "}").utf8)
    }
}
