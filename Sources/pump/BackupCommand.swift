import ArgumentParser
import Foundation
import PumpEngine

/// `pump backup <target>`
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Back up a table, or every table of a stage, into zstd-compressed JSON-lines files.",
        discussion: "Each table goes to a new folder <out>/<table>-YYYYMMDD-HHMMSS (UTC) holding table.json, data/*.jsonl.zst and, once complete, manifest.json."
    )

    @Argument(help: "A table name, or a stage such as pr-5 (every table named pr-5-…).")
    var target: String

    @Option(help: "Folder that receives the backup folders.")
    var out = "./backups"

    @Option(help: "Parallel Scan segments (default: one per 128 MiB of table, at least --concurrency).")
    var segments: Int?

    @Option(help: "Scan requests in flight.")
    var concurrency = 8

    @Flag(help: "Strongly consistent reads (twice the read capacity).")
    var consistent = false

    @Option(name: .customLong("compression-level"), help: "zstd level, 1 (fastest) to 19.")
    var compressionLevel: Int32 = 3

    @Option(name: .customLong("segment-size"), help: "Close a segment file and start the next at this much uncompressed data, e.g. 64MiB, 1GB.", transform: ByteSize.parse)
    var segmentSize = BackupOptions.defaultSegmentSize

    @OptionGroup var aws: AWSOptionsGroup
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard concurrency >= 1 && concurrency <= 1024 else { throw ValidationError("--concurrency must be between 1 and 1024") }
        if let segments, segments < 1 || segments > 1_000_000 { throw ValidationError("--segments must be between 1 and 1000000") }
        guard (1...19).contains(compressionLevel) else { throw ValidationError("--compression-level must be between 1 and 19") }
    }

    func run() {
        reportingFailures {
            let (clients, resolved) = try aws.makeClients()
            let tables = try TargetResolver.tablesToBackUp(target: target, existing: clients.makeClient().listTables())
            let engine = BackupEngine(clients: clients, progress: TerminalProgress.make(quiet: output.quiet))
            for table in tables {
                let options = BackupOptions(outputDirectory: out, segments: segments, concurrency: concurrency, consistentRead: consistent,
                                            compressionLevel: compressionLevel, segmentSize: segmentSize, stage: table == target ? nil : target, region: resolved.region)
                let result = try engine.backup(table: table, options: options)
                print("backed up \(result.table): \(Format.count(result.items)) items, \(Format.bytes(result.compressedBytes)) compressed, in \(Format.duration(result.seconds)) -> \(result.directory)")
            }
        }
    }
}
