import Foundation
import PumpEngine

/// A live status line on stderr when it is a terminal; silent otherwise (CI logs stay clean).
struct TerminalProgress: ProgressReporter {
    static func make(quiet: Bool) -> TerminalProgress? {
        quiet || isatty(STDERR_FILENO) == 0 ? nil : TerminalProgress()
    }

    func report(_ event: ProgressEvent) {
        let rate = event.elapsed > 0 ? Double(event.items) / event.elapsed : 0
        let done = event.items + event.skipped
        var line = "\(event.phase.rawValue) \(event.table): \(Format.count(done))"
        if let expected = event.expectedItems, expected > 0 {
            line += "/\(Format.count(expected)) items (\(min(100, done * 100 / expected))%)"
        } else {
            line += " items"
        }
        line += ", \(Format.bytes(event.bytes)), \(Format.count(Int(rate))) items/s"
        if event.throttles > 0 { line += ", throttled \(event.throttles)×" }
        if event.retriedItems > 0 { line += ", \(Format.count(event.retriedItems)) items re-sent" }
        if event.skipped > 0 { line += ", \(Format.count(event.skipped)) done by the earlier run" }
        if let expected = event.expectedItems, rate > 0, expected > done, !event.finished {
            line += ", ETA \(Format.duration(Double(expected - done) / rate))"
        }
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + line + (event.finished ? "\n" : "")).utf8))
    }
}

/// Human-friendly numbers for operator output.
enum Format {
    static func count(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 && c != "-" { out.append(",") }
            out.append(c)
        }
        return out
    }

    static func bytes(_ n: Int) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var value = Double(n)
        var unit = 0
        while value >= 1000 && unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return unit == 0 ? "\(n) B" : String(format: "%.1f %@", value, units[unit])
    }

    static func duration(_ seconds: Double) -> String {
        if seconds < 60 { return String(format: "%.1f s", seconds) }
        let s = Int(seconds)
        return s < 3600 ? "\(s / 60) min \(s % 60) s" : "\(s / 3600) h \(s % 3600 / 60) min"
    }
}
