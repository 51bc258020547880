import ArgumentParser
import Foundation
import PumpArchive
import PumpEngine

/// `pump list [<target>]`
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the backups in a folder, newest first: table, time, items, size, state.",
        discussion: "State is complete, incomplete (no manifest: interrupted or still running) or corrupt (unreadable manifest, missing or resized files; `pump verify` checks contents)."
    )

    @Argument(help: "Only backups of this table or stage.")
    var target: String?

    @Option(help: "Folder holding the backups.")
    var dir = "./backups"

    @Flag(help: "One JSON object per line, for scripts.")
    var json = false

    func run() {
        reportingFailures {
            let entries = BackupCatalog(directory: dir).entries { table in target.map { TargetResolver.belongs(table, toStage: $0) } ?? true }
            if json {
                let encoder = JSONEncoder()
                encoder.dateEncodingStrategy = .iso8601
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                for entry in entries {
                    print(String(decoding: try encoder.encode(entry), as: UTF8.self))
                }
                return
            }
            guard !entries.isEmpty else {
                throw PumpError.noBackupsFound(target: target ?? "any table", directory: dir)
            }
            let formatter = ISO8601DateFormatter()
            for entry in entries {
                let items = entry.items.map { "\(Format.count($0)) items" } ?? "-"
                let size = entry.compressedBytes.map(Format.bytes) ?? "-"
                var line = "\(entry.tableName)  \(formatter.string(from: entry.createdAt))  \(items)  \(size)  \(entry.state.rawValue)  \(entry.path)"
                if let problem = entry.problem { line += "  (\(problem))" }
                print(line)
            }
        }
    }
}
