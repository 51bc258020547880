import Foundation
import PumpJSON

/// One table of a dynamodump dump: `<dump>/<table>/schema.json` (the DescribeTable response)
/// and `data/0001.json`…, each a raw Scan response.
///
/// Items are read as the DynamoDB JSON the dump holds, base64 binary included; dynamodump's
/// own restore double-encodes binary nested in M and L (its issue #238), which reading the
/// JSON directly never does.
public struct DynamodumpDump: BackupSource {
    public let directory: String
    public let tableName: String
    public let keySchema: [Manifest.Key]?
    public let tableDocument: [UInt8]?
    public let segments: [any SegmentSource]
    public var kind: String { "dynamodump dump" }
    public var location: String { directory }
    public var stage: String? { nil }
    public var expectedItems: Int? { nil }

    public static func looksLikeDump(_ directory: String) -> Bool {
        FileManager.default.fileExists(atPath: directory + "/schema.json") && FileManager.default.fileExists(atPath: directory + "/data")
    }

    public init(directory: String) throws {
        self.directory = directory
        let schemaPath = directory + "/schema.json"
        // dynamodump writes the whole DescribeTable response; accept a bare Table object too.
        let schemaBytes = try FileOps.readFile(schemaPath)
        tableDocument = schemaBytes
        let document = (try? JSONSerialization.jsonObject(with: Data(schemaBytes))) as? [String: Any]
        let schema = document?["Table"] as? [String: Any] ?? document ?? [:]
        guard let name = schema["TableName"] as? String else {
            throw ArchiveError.malformedManifest(path: schemaPath, detail: "not a DescribeTable description with TableName")
        }
        tableName = name
        var types: [String: String] = [:]
        for definition in schema["AttributeDefinitions"] as? [[String: Any]] ?? [] {
            if let attribute = definition["AttributeName"] as? String { types[attribute] = definition["AttributeType"] as? String }
        }
        let keys = (schema["KeySchema"] as? [[String: Any]] ?? []).compactMap { element -> Manifest.Key? in
            guard let attribute = element["AttributeName"] as? String, let type = element["KeyType"] as? String else { return nil }
            return Manifest.Key(attributeName: attribute, keyType: type, attributeType: types[attribute])
        }
        keySchema = keys.isEmpty ? nil : keys
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory + "/data")) ?? []).filter { $0.hasSuffix(".json") }.sorted()
        segments = files.map { ScanResponseFile(path: directory + "/data/" + $0, name: "data/" + $0) }
    }
}

/// One dynamodump data file: a Scan response whose `Items` are the items.
struct ScanResponseFile: SegmentSource {
    let path: String
    let name: String
    var expectedItems: Int? { nil }

    /// dynamodump records no checksums; reading the file (in `forEachItem`) is the check.
    func verifyChecksum() throws {
        guard FileManager.default.fileExists(atPath: path) else { throw ArchiveError.missingFile(path: path) }
    }

    func forEachItem(_ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Void) throws {
        let bytes = try FileOps.readFile(path)
        try bytes.withUnsafeBufferPointer { buffer in
            let scanner = JSONScanner(buffer)
            let elements: [Range<Int>]
            var count: Int?
            do {
                let top = try scanner.valueRange(at: 0)
                guard let items = try scanner.member("Items", in: top) else {
                    throw ArchiveError.corruptSegment(path: path, detail: "no Items array (not a Scan response)")
                }
                elements = try scanner.arrayElements(items)
                if let countRange = try scanner.member("Count", in: top) {
                    count = Int(String(decoding: UnsafeBufferPointer(rebasing: buffer[countRange]), as: UTF8.self))
                }
            } catch let error as ArchiveError {
                throw error
            } catch {
                throw ArchiveError.corruptSegment(path: path, detail: "\(error)")
            }
            if let count, count != elements.count {
                throw ArchiveError.countMismatch(path: path, expected: count, actual: elements.count)
            }
            for (index, element) in elements.enumerated() {
                try body(UnsafeBufferPointer(rebasing: buffer[element]), index + 1)
            }
        }
    }
}
