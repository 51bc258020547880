import Foundation

/// `manifest.json`: written last, so its presence marks a complete backup (docs/FORMAT.md).
public struct Manifest: Codable, Sendable, Equatable {
    public static let formatName = "pump-backup"
    public static let currentVersion = 1

    public struct Table: Codable, Sendable, Equatable {
        public var name: String
        public var arn: String?
        public var region: String?
        public var account: String?
        /// The stage the operator named (`pr-5`) when the table was selected by prefix,
        /// so a restore into another stage can map `pr-5-main-table` to `pr-6-main-table`.
        public var stage: String?
        public var keySchema: [Key]
        /// DescribeTable's item count estimate at backup time.
        public var itemCountEstimate: Int?
        public init(name: String, arn: String?, region: String?, account: String? = nil, stage: String?, keySchema: [Key], itemCountEstimate: Int?) {
            self.name = name
            self.arn = arn
            self.region = region
            self.account = account
            self.stage = stage
            self.keySchema = keySchema
            self.itemCountEstimate = itemCountEstimate
        }
    }

    public struct Key: Codable, Sendable, Equatable {
        public var attributeName: String
        public var keyType: String
        public var attributeType: String?
        public init(attributeName: String, keyType: String, attributeType: String?) {
            self.attributeName = attributeName
            self.keyType = keyType
            self.attributeType = attributeType
        }
    }

    /// One segment file.
    public struct File: Codable, Sendable, Equatable {
        public var path: String
        public var scanSegment: Int
        public var items: Int
        public var uncompressedBytes: Int
        public var compressedBytes: Int
        public var sha256: String
    }

    public struct Totals: Codable, Sendable, Equatable {
        public var items: Int
        public var uncompressedBytes: Int
        public var compressedBytes: Int
    }

    public var format: String
    public var formatVersion: Int
    public var pumpVersion: String
    public var table: Table
    public var startedAt: Date
    public var finishedAt: Date
    public var consistentRead: Bool
    public var totalSegments: Int
    /// The size at which segment files were closed (uncompressed bytes).
    public var segmentSizeLimit: Int?
    public var files: [File]
    public var totals: Totals

    public init(pumpVersion: String, table: Table, startedAt: Date, finishedAt: Date, consistentRead: Bool, totalSegments: Int, segmentSizeLimit: Int? = nil, files: [File]) {
        format = Self.formatName
        formatVersion = Self.currentVersion
        self.pumpVersion = pumpVersion
        self.table = table
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.consistentRead = consistentRead
        self.totalSegments = totalSegments
        self.segmentSizeLimit = segmentSizeLimit
        self.files = files.sorted { $0.path < $1.path }
        totals = Totals(
            items: files.reduce(0) { $0 + $1.items },
            uncompressedBytes: files.reduce(0) { $0 + $1.uncompressedBytes },
            compressedBytes: files.reduce(0) { $0 + $1.compressedBytes }
        )
    }

    public func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        // Encoding plain structs of strings and integers cannot fail.
        return [UInt8](try! encoder.encode(self)) + [0x0A]
    }

    /// Decodes and checks the format name and version before anything else is trusted.
    public static func decode(_ bytes: [UInt8], path: String) throws -> Manifest {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] else {
            throw ArchiveError.malformedManifest(path: path, detail: "not a JSON object")
        }
        guard object["format"] as? String == formatName else {
            throw ArchiveError.notABackup(path: path, detail: "manifest format is not \"\(formatName)\"")
        }
        guard let version = object["formatVersion"] as? Int else {
            throw ArchiveError.malformedManifest(path: path, detail: "formatVersion is missing")
        }
        guard version <= currentVersion else {
            throw ArchiveError.unsupportedVersion(path: path, version: version, supported: currentVersion)
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return try decoder.decode(Manifest.self, from: Data(bytes))
        } catch {
            throw ArchiveError.malformedManifest(path: path, detail: "\(error)")
        }
    }
}
