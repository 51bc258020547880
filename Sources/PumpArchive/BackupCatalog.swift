import Foundation

/// The backups found in a folder, for `pump restore <stage>` without a backup and `pump list`.
public struct BackupCatalog: Sendable {
    public enum State: String, Sendable, Codable {
        case complete, incomplete, corrupt
    }

    public struct Entry: Sendable, Encodable {
        public var path: String
        public var tableName: String
        /// Parsed from the folder name (UTC).
        public var createdAt: Date
        public var state: State
        public var items: Int?
        public var compressedBytes: Int?
        public var problem: String?

        enum CodingKeys: String, CodingKey {
            case path, tableName = "table", createdAt = "time", state, items, compressedBytes = "bytes", problem
        }
    }

    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// Every backup folder, newest first; `tableFilter` keeps only matching table names.
    public func entries(tableFilter: (String) -> Bool = { _ in true }) -> [Entry] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        var result: [Entry] = []
        for name in names {
            guard let (table, date) = Self.parseFolderName(name), tableFilter(table) else { continue }
            let path = directory + "/" + name
            var entry = Entry(path: path, tableName: table, createdAt: date, state: .complete)
            do {
                let backup = try Backup(directory: path)
                entry.items = backup.manifest.totals.items
                entry.compressedBytes = backup.manifest.totals.compressedBytes
                try backup.quickCheck()
            } catch ArchiveError.incomplete {
                entry.state = .incomplete
            } catch ArchiveError.notABackup {
                continue
            } catch {
                entry.state = .corrupt
                entry.problem = "\(error)"
            }
            result.append(entry)
        }
        return result.sorted { ($0.createdAt, $0.path) > ($1.createdAt, $1.path) }
    }

    /// Splits `<table>-YYYYMMDD-HHMMSS` into the table name and the time.
    public static func parseFolderName(_ name: String) -> (String, Date)? {
        let parts = name.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 3 else { return nil }
        let day = parts[parts.count - 2], time = parts[parts.count - 1]
        guard day.count == 8, time.count == 6, day.allSatisfy(\.isNumber), time.allSatisfy(\.isNumber) else { return nil }
        let table = parts[0..<(parts.count - 2)].joined(separator: "-")
        guard !table.isEmpty else { return nil }
        var components = DateComponents()
        components.year = Int(day.prefix(4))
        components.month = Int(day.dropFirst(4).prefix(2))
        components.day = Int(day.suffix(2))
        components.hour = Int(time.prefix(2))
        components.minute = Int(time.dropFirst(2).prefix(2))
        components.second = Int(time.suffix(2))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let date = calendar.date(from: components) else { return nil }
        return (table, date)
    }
}
