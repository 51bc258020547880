import ArgumentParser

/// Parses sizes like `1000000`, `64MiB`, `1GB`, `512k` (K/M/G are powers of 1024 with or
/// without `i`; `KB`/`MB`/`GB` are powers of 1000, as storage vendors use them).
enum ByteSize {
    static func parse(_ text: String) throws -> Int {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let digits = trimmed.prefix { $0.isNumber }
        let unit = trimmed.dropFirst(digits.count).lowercased()
        guard let value = Int(digits), value > 0 else {
            throw ValidationError("\(text) is not a size; use a number of bytes or e.g. 64MiB, 1GB")
        }
        let multipliers: [String: Int] = [
            "": 1, "b": 1,
            "k": 1 << 10, "kib": 1 << 10, "kb": 1000,
            "m": 1 << 20, "mib": 1 << 20, "mb": 1_000_000,
            "g": 1 << 30, "gib": 1 << 30, "gb": 1_000_000_000,
        ]
        guard let multiplier = multipliers[unit] else {
            throw ValidationError("\(text): unknown unit \(unit); use KiB, MiB, GiB, KB, MB or GB")
        }
        let (bytes, overflow) = value.multipliedReportingOverflow(by: multiplier)
        guard !overflow else { throw ValidationError("\(text) is too large") }
        return bytes
    }
}

import Foundation
