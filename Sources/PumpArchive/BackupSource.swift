/// Anything `pump restore` and `pump verify` can read items from. pump's own backups, AWS
/// Export to S3 folders and dynamodump dumps each implement it, so the engines never care
/// which one they were given.
public protocol BackupSource: Sendable {
    /// "pump backup", "AWS Export to S3", "dynamodump dump": for messages.
    var kind: String { get }
    var location: String { get }
    var tableName: String { get }
    /// The stage the backup was taken for, when known (pump backups of `pump backup pr-5`).
    var stage: String? { get }
    /// The source table's key schema when the format records it.
    var keySchema: [Manifest.Key]? { get }
    /// The item count the source claims, checked while reading.
    var expectedItems: Int? { get }
    var segments: [any SegmentSource] { get }
    /// The source table's description, when the format keeps one (pump's table.json,
    /// dynamodump's schema.json), for recreating the table.
    var tableDocument: [UInt8]? { get }
}

/// One file of items.
public protocol SegmentSource: Sendable {
    /// The file's path, for messages.
    var path: String { get }
    /// The relative name used in rejects files and progress.
    var name: String { get }
    var expectedItems: Int? { get }
    /// Checks size and checksum against the source's manifest before any item is used.
    func verifyChecksum() throws
    /// Each item's bytes (a DynamoDB-JSON object) and its 1-based line or position, in file order;
    /// checks the count at the end.
    func forEachItem(_ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Void) throws
}
