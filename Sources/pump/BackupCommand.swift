import ArgumentParser
import Dispatch
import Foundation
import PumpEngine

/// `pump backup <target>` and `pump backup --resume <dir>`
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Back up a table, or every table of a stage, into zstd-compressed JSON-lines files.",
        discussion: """
        Each table goes to a new folder <out>/<table>-YYYYMMDD-HHMMSS (UTC) holding table.json, data/*.jsonl.zst and, \
        once complete, manifest.json. Ctrl-C stops cleanly (a second Ctrl-C quits at once); an interrupted or failed \
        backup continues with --resume <folder>, without duplicating or losing an item.
        """
    )

    @Argument(help: "A table name, or a stage such as pr-5 (every table named pr-5-…).")
    var target: String?

    @Option(help: "Continue this interrupted backup folder instead of starting a new one.")
    var resume: String?

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

    @Option(name: .customLong("compression-threads"), help: "libzstd worker threads per segment file being written (0: compress on the scanning threads). Helps when the table reads faster than the scanning threads compress.")
    var compressionThreads: Int32 = 0

    @Option(name: .customLong("segment-size"), help: "Close a segment file and start the next at this much uncompressed data, e.g. 64MiB, 1GB.", transform: ByteSize.parse)
    var segmentSize = BackupOptions.defaultSegmentSize

    @Option(name: .customLong("read-capacity"), help: "Stay under this many read capacity units per second.")
    var readCapacity: Double?

    @Option(name: .customLong("read-percent"), help: "Use at most this percent of the table's provisioned read capacity.")
    var readPercent: Double?

    @Option(name: .customLong("checkpoint-seconds"), help: .hidden)
    var checkpointSeconds = 2.0

    @OptionGroup var aws: AWSOptionsGroup
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (target == nil) != (resume == nil) else { throw ValidationError("give a target to back up, or --resume <backup folder>, not both") }
        guard concurrency >= 1 && concurrency <= 1024 else { throw ValidationError("--concurrency must be between 1 and 1024") }
        if let segments, segments < 1 || segments > 1_000_000 { throw ValidationError("--segments must be between 1 and 1000000") }
        guard (1...19).contains(compressionLevel) else { throw ValidationError("--compression-level must be between 1 and 19") }
        guard (0...64).contains(compressionThreads) else { throw ValidationError("--compression-threads must be between 0 and 64") }
        if let readCapacity, readCapacity <= 0 { throw ValidationError("--read-capacity must be positive") }
        if let readPercent, !(readPercent > 0 && readPercent <= 100) { throw ValidationError("--read-percent must be between 0 and 100") }
        if readCapacity != nil && readPercent != nil { throw ValidationError("give --read-capacity or --read-percent, not both") }
    }

    func run() {
        reportingFailures {
            let stop = StopSignal()
            let interrupt = Interrupt.install(stop, doing: "stopping after the pages in flight")
            defer { interrupt.cancel() }
            let (clients, resolved) = try aws.makeClients()
            let engine = BackupEngine(clients: clients, progress: output.reporter(), stop: stop)
            var options = BackupOptions(outputDirectory: out, segments: segments, concurrency: concurrency, consistentRead: consistent,
                                        compressionLevel: compressionLevel, segmentSize: segmentSize, region: resolved.region,
                                        readCapacity: readCapacity, readPercent: readPercent)
            options.checkpointInterval = checkpointSeconds
            options.compressionThreads = compressionThreads
            if let resume {
                output.summary(try engine.resume(directory: resume, options: options))
                return
            }
            let target = target!
            for table in try TargetResolver.tablesToBackUp(target: target, existing: clients.makeClient().listTables()) {
                options.stage = table == target ? nil : target
                output.summary(try engine.backup(table: table, options: options))
            }
        }
    }
}

/// Ctrl-C: the first asks the engine to checkpoint and stop, the second quits at once.
enum Interrupt {
    static func install(_ stop: StopSignal, doing action: String) -> any DispatchSourceSignal {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler {
            if stop.isRequested { exit(130) }
            stop.request()
            FileHandle.standardError.write(Data("\npump: \(action) (Ctrl-C again to quit at once)…\n".utf8))
        }
        source.resume()
        return source
    }
}
