import Foundation
import PumpJSON

/// `<table>.journal.jsonl`: how far a restore got, so `pump restore --resume` continues
/// after a crash, kill -9 or Ctrl-C without rewriting what is done.
///
/// A segment's mark says every item up to line `through` was acknowledged by DynamoDB or
/// written to the rejects file (`rejected` of them). A mark is written only after that is
/// true, so the journal may lag behind the table (those items are written again, and a put
/// of the same item is harmless) but never runs ahead of it.
public final class RestoreJournal: @unchecked Sendable {
    struct Header: Codable, Equatable {
        var journal = "pump restore journal"
        var version = 1
        var table: String
        var mapping: String
        /// Whether the table held no items when the first run started, for the final count check.
        var emptyAtStart: Bool
    }

    struct Mark: Codable {
        var backup: String
        var segment: String
        var through: Int
        var rejected: Int
        var complete: Bool
    }

    public let path: String
    private let lock = NSLock()
    private var header: Header
    private var marks: [String: Mark] = [:]
    private var handle: FileHandle?

    private init(path: String, header: Header) {
        self.path = path
        self.header = header
    }

    /// A journal for a new restore; refuses when an unfinished restore left one behind.
    public static func start(path: String, table: String, mapping: ItemMapping) throws(PumpError) -> RestoreJournal {
        if FileManager.default.fileExists(atPath: path) {
            throw PumpError.journalExists(path: path, table: table)
        }
        return RestoreJournal(path: path, header: Header(table: table, mapping: mapping.flags, emptyAtStart: true))
    }

    /// The journal an interrupted restore left, checked against this run's table and options.
    /// `force` accepts other `--rename`/`--transform` options than the interrupted run's (a fixed transform).
    public static func resume(path: String, table: String, mapping: ItemMapping, force: Bool) throws(PumpError) -> RestoreJournal {
        guard let data = FileManager.default.contents(atPath: path) else { throw PumpError.journalMissing(path: path, table: table) }
        let lines = data.split(separator: UInt8(ascii: "\n"))
        let decoder = JSONDecoder()
        guard let first = lines.first, let header = try? decoder.decode(Header.self, from: Data(first)), header.version == 1 else {
            throw PumpError.journalUnreadable(path: path, detail: "its first line is not a pump restore journal header")
        }
        guard header.table == table else {
            throw PumpError.journalUnreadable(path: path, detail: "it belongs to a restore into \(header.table), not \(table)")
        }
        guard header.mapping == mapping.flags || force else {
            let was = header.mapping.isEmpty ? "no --rename or --transform" : header.mapping
            throw PumpError.journalUnreadable(path: path, detail: "that restore ran with \(was); resume with the same options, or add --force to go on with the new ones")
        }
        let journal = RestoreJournal(path: path, header: header)
        // A kill -9 can cut the last line short; every complete line before it counts.
        for line in lines.dropFirst() {
            guard let mark = try? decoder.decode(Mark.self, from: Data(line)) else { continue }
            let key = Self.key(mark.backup, mark.segment)
            if (journal.marks[key]?.through ?? -1) <= mark.through { journal.marks[key] = mark }
        }
        return journal
    }

    public var emptyAtStart: Bool { lock.withLock { header.emptyAtStart } }

    /// Records whether the table was empty, before the first write of a new restore.
    public func begin(emptyAtStart: Bool) throws {
        try lock.withLock {
            guard handle == nil else { return }
            if !FileManager.default.fileExists(atPath: path) {
                header.emptyAtStart = emptyAtStart
                let encoder = JSONEncoder()
                encoder.outputFormatting = .sortedKeys
                var line = try encoder.encode(header)
                line.append(UInt8(ascii: "\n"))
                guard FileManager.default.createFile(atPath: path, contents: line, attributes: [.posixPermissions: 0o600]) else {
                    throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
                }
            }
            handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            try handle?.seekToEnd()
        }
    }

    /// Whether any work is recorded, by this run or an earlier one.
    public var hasProgress: Bool { lock.withLock { !marks.isEmpty } }

    /// The mark of a segment of a backup, nil when nothing of it is done.
    func progress(backup: String, segment: String) -> Mark? {
        lock.withLock { marks[Self.key(backup, segment)] }
    }

    /// Items rejected in earlier runs of this restore, per backup.
    func rejected(backup: String) -> Int {
        lock.withLock { marks.values.filter { $0.backup == backup }.reduce(0) { $0 + $1.rejected } }
    }

    func record(_ mark: Mark) throws {
        var line = Array(#"{"backup":"#.utf8) + JSONStringCodec.quoted(mark.backup)
        line += Array(#","complete":"#.utf8) + Array((mark.complete ? "true" : "false").utf8)
        line += Array(#","rejected":\#(mark.rejected),"segment":"#.utf8) + JSONStringCodec.quoted(mark.segment)
        line += Array(#","through":\#(mark.through)}"#.utf8) + [UInt8(ascii: "\n")]
        try lock.withLock {
            marks[Self.key(mark.backup, mark.segment)] = mark
            try handle?.write(contentsOf: line)
        }
    }

    /// The restore finished: nothing is left to resume.
    public func finish() {
        close()
        try? FileManager.default.removeItem(atPath: path)
    }

    public func close() {
        lock.withLock {
            try? handle?.synchronize()
            try? handle?.close()
            handle = nil
        }
    }

    private static func key(_ backup: String, _ segment: String) -> String { backup + "\n" + segment }
}
