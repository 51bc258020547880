import Foundation
import PumpArchive
import PumpJSON

/// How items change on their way from the backup to the table: every `--rename` first,
/// then the `--transform` program. The identity mapping hands items through untouched.
public struct ItemMapping: Sendable, Equatable {
    public var renames: [AttributeRename]
    /// A shell command reading `{"Item":…}` lines and printing exactly one such line per input line.
    public var transform: String?

    public init(renames: [AttributeRename] = [], transform: String? = nil) {
        self.renames = renames
        self.transform = transform
    }

    /// Refuses ambiguous renames before any item is read.
    public func validate() throws(PumpError) {
        try AttributeRename.validate(renames)
        if let transform, transform.trimmingCharacters(in: .whitespaces).isEmpty { throw PumpError.invalidOption("--transform needs a command") }
    }

    public var isIdentity: Bool { renames.isEmpty && transform == nil }

    /// The options as typed, for messages and the restore journal.
    public var flags: String {
        (renames.map { "--rename \($0)" } + (transform.map { ["--transform '\($0)'"] } ?? [])).joined(separator: " ")
    }

    /// The backup's key schema as the mapping leaves it; nil when a transform makes it unknowable.
    func mappedKeys(_ keys: [Manifest.Key]) -> [Manifest.Key]? {
        guard transform == nil else { return nil }
        return keys.map { key in
            var key = key
            if let rename = renames.first(where: { $0.old == key.attributeName }) { key.attributeName = rename.new }
            return key
        }
    }

    /// Calls `body` with each item of `segment` after line `skipThrough`, mapped, in file
    /// order; returns how many items it skipped.
    func forEachItem(in segment: any SegmentSource, skipThrough: Int, _ body: (MappedItem) throws -> Void) throws -> Int {
        if let transform {
            return try TransformPipe(command: transform, renames: renames).run(segment, skipThrough: skipThrough, body)
        }
        var skipped = 0
        try segment.forEachItem { item, line in
            if line <= skipThrough { skipped += 1; return }
            if renames.isEmpty { return try body(MappedItem(original: item, mapped: .success(item), line: line)) }
            switch AttributeRename.apply(renames, to: item) {
            case .success(let renamed):
                try renamed.withUnsafeBufferPointer { try body(MappedItem(original: item, mapped: .success($0), line: line)) }
            case .failure(let failure):
                try body(MappedItem(original: item, mapped: .failure(failure), line: line))
            }
        }
        return skipped
    }
}

/// One item on its way to the table; its buffers are valid only during the call it is given to.
struct MappedItem {
    /// The item as the backup holds it: what a rejects file keeps, so a replay with the same
    /// options maps it the same way.
    var original: UnsafeBufferPointer<UInt8>
    /// What to write, or why the mapping could not produce it.
    var mapped: Result<UnsafeBufferPointer<UInt8>, ItemMappingFailure>
    /// 1-based line (or position) in its segment.
    var line: Int
}
