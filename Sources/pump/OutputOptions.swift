import ArgumentParser
import Foundation
import PumpEngine

/// Output behaviour shared by the long-running commands: a live line on a terminal,
/// JSON lines on stdout for CI (`--json`), or nothing but the summary (`--quiet`).
struct OutputOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "No progress line.")
    var quiet = false

    @Flag(help: "Progress events and the final summary as JSON lines on stdout, for scripts and CI.")
    var json = false

    func reporter() -> (any ProgressReporter)? {
        json ? JSONProgress() : TerminalProgress.make(quiet: quiet)
    }

    func summary(_ result: BackupResult) {
        if json {
            JSONProgress.emit(["event": "summary", "phase": "backup", "table": result.table, "directory": result.directory,
                               "items": result.items, "uncompressedBytes": result.uncompressedBytes,
                               "compressedBytes": result.compressedBytes, "seconds": result.seconds])
        } else {
            print("backed up \(result.table): \(Format.count(result.items)) items, \(Format.bytes(result.compressedBytes)) compressed, in \(Format.duration(result.seconds)) -> \(result.directory)")
        }
    }

    func summary(_ result: RestoreResult) {
        if json {
            var fields: [String: Any] = ["event": "summary", "phase": "restore", "table": result.table, "itemsInBackup": result.itemsInBackup,
                                        "written": result.written, "rejected": result.rejected, "retriedItems": result.retriedItems,
                                        "throttles": result.throttles, "seconds": result.seconds, "skipped": result.skipped]
            fields["rejectsFile"] = result.rejectsFile
            JSONProgress.emit(fields)
        } else {
            let earlier = result.skipped > 0 ? " (\(Format.count(result.skipped)) done by the earlier run)" : ""
            print("restored \(result.table): \(Format.count(result.written)) of \(Format.count(result.itemsInBackup)) items written\(earlier), \(result.rejected) rejected, \(Format.count(result.retriedItems)) re-sent, \(result.throttles) throttled, in \(Format.duration(result.seconds))")
        }
    }
}

extension OutputOptions {
    func verified(table: String, check: RestoreVerifier.ContentCheck) {
        if json {
            JSONProgress.emit(["event": "verify", "mode": "full", "table": table, "checked": check.checked, "missing": check.missing,
                               "different": check.different, "examples": check.examples])
        } else if !quiet || check.missing + check.different > 0 {
            print("verified \(table): \(Format.count(check.checked)) items read back by key, \(check.missing) missing, \(check.different) different")
        }
    }

    func counted(table: String, count: Int, expected: Int, compared: Bool) {
        if json {
            JSONProgress.emit(["event": "verify", "mode": "count", "table": table, "items": count, "expected": expected, "compared": compared])
        } else if compared {
            print("counted \(table): \(Format.count(count)) items, \(count == expected ? "as expected" : "expected \(Format.count(expected))")")
        } else {
            print("counted \(table): \(Format.count(count)) items (it held items before the restore, so the count is not compared)")
        }
    }
}

/// Progress as JSON lines on stdout, one object per event.
struct JSONProgress: ProgressReporter {
    func report(_ event: ProgressEvent) {
        var fields: [String: Any] = ["event": event.finished ? "finished" : "progress", "phase": event.phase.rawValue, "table": event.table,
                                     "items": event.items, "bytes": event.bytes, "throttles": event.throttles,
                                     "retriedItems": event.retriedItems, "elapsed": (event.elapsed * 1000).rounded() / 1000]
        fields["expectedItems"] = event.expectedItems
        Self.emit(fields)
    }

    static func emit(_ fields: [String: Any]) {
        guard let data = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes]) else { return }
        FileHandle.standardOutput.write(data + Data("\n".utf8))
    }
}
