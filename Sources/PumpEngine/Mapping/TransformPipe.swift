import Foundation
import PumpArchive
import PumpJSON
#if canImport(Glibc)
import Glibc
#endif

/// Streams one segment through a `--transform` program: a feeder thread writes
/// `{"Item":…}` lines to the program while the caller reads its output, so neither side
/// waits on a full pipe. Output line n belongs to input line n; a program that prints more
/// or fewer lines than it was given, or fails, stops the restore instead of losing items.
final class TransformPipe: @unchecked Sendable {
    private struct Entry {
        var original: [UInt8]
        var line: Int
        /// Set when `--rename` already failed: the item was not sent to the program.
        var failure: ItemMappingFailure?
    }

    private let command: String
    private let renames: [AttributeRename]
    /// The program's output is foreign input: checked as strictly as a backup's lines.
    private let check = ItemCheck(keys: [])
    private let lock = NSLock()
    private var entries: [Entry] = []
    private var head = 0
    private var skipped = 0
    private var cancelled = false
    private var feederError: (any Error)?

    init(command: String, renames: [AttributeRename]) {
        self.command = command
        self.renames = renames
    }

    func run(_ segment: any SegmentSource, skipThrough: Int, _ body: (MappedItem) throws -> Void) throws -> Int {
        let filter = try FilterProcess(command: command)
        let fed = DispatchSemaphore(value: 0)
        let feeder = Thread { [self] in
            feed(segment, skipThrough: skipThrough, into: filter)
            fed.signal()
        }
        feeder.stackSize = 1 << 20
        feeder.start()
        var finished = false
        defer {
            if !finished {
                // The caller stopped early: end the program and the feeder without waiting for them to drain.
                lock.withLock { cancelled = true }
                filter.kill()
                fed.wait()
                _ = filter.finish()
            }
        }
        var printed = 0
        while let output = filter.readLine() {
            printed += 1
            try deliverFailures(body)
            guard let entry = next(sent: true) else {
                throw PumpError.transformFailed(command: command, detail: "printed more lines than it was given items (line \(printed) of its output: \(Self.excerpt(output)))")
            }
            try deliver(entry, output: output, body)
        }
        fed.wait()
        let exit = filter.finish()
        finished = true
        try deliverFailures(body)
        if let error = lock.withLock({ feederError }) { throw error }
        let unanswered = lock.withLock { entries[head...].count }
        if let exit {
            throw PumpError.transformFailed(command: command, detail: "\(exit) after printing \(printed) line(s); \(unanswered) item(s) of \(segment.name) got no output")
        }
        if unanswered > 0 {
            throw PumpError.transformFailed(command: command, detail: "printed \(printed) line(s) for \(printed + unanswered) item(s) of \(segment.name); it must print exactly one {\"Item\":…} line per line it reads")
        }
        return lock.withLock { skipped }
    }

    private func feed(_ segment: any SegmentSource, skipThrough: Int, into filter: FilterProcess) {
        var open = true
        do {
            try segment.forEachItem { item, line in
                if lock.withLock({ cancelled }) { throw CancellationError() }
                if line <= skipThrough { lock.withLock { skipped += 1 }; return }
                var payload: [UInt8] = Array(#"{"Item":"#.utf8)
                var failure: ItemMappingFailure?
                if renames.isEmpty {
                    payload += item
                } else {
                    switch AttributeRename.apply(renames, to: item) {
                    case .success(let renamed): payload += renamed
                    case .failure(let error): failure = error
                    }
                }
                payload += Array("}\n".utf8)
                lock.withLock { entries.append(Entry(original: Array(item), line: line, failure: failure)) }
                // A program that stopped reading is reported when its output ends.
                if failure == nil && open { open = filter.write(payload) }
            }
        } catch is CancellationError {
        } catch {
            lock.withLock { feederError = error }
        }
        filter.closeInput()
    }

    /// The next entry, if it is of the kind asked for.
    private func next(sent: Bool) -> Entry? {
        lock.withLock {
            guard head < entries.count, (entries[head].failure == nil) == sent else { return nil }
            defer {
                head += 1
                // Keep the queue's memory to what is in flight through the program.
                if head > 4096 && head * 2 > entries.count { entries.removeFirst(head); head = 0 }
            }
            return entries[head]
        }
    }

    /// Items whose `--rename` failed were never sent; they come back in their place in order.
    private func deliverFailures(_ body: (MappedItem) throws -> Void) throws {
        while let entry = next(sent: false) {
            try entry.original.withUnsafeBufferPointer { original in
                try body(MappedItem(original: original, mapped: .failure(entry.failure!), line: entry.line))
            }
        }
    }

    private func deliver(_ entry: Entry, output: ArraySlice<UInt8>, _ body: (MappedItem) throws -> Void) throws {
        try entry.original.withUnsafeBufferPointer { original in
            try output.withUnsafeBufferPointer { line in
                let scanner = JSONScanner(line)
                guard let item = try? scanner.member("Item", in: 0..<line.count), line[scanner.skipWhitespace(item.lowerBound)] == UInt8(ascii: "{") else {
                    let failure = ItemMappingFailure("--transform printed \(Self.excerpt(output)), not a {\"Item\":{…}} line")
                    return try body(MappedItem(original: original, mapped: .failure(failure), line: entry.line))
                }
                let mapped = UnsafeBufferPointer(rebasing: line[item])
                if let problem = check.problem(in: mapped) {
                    let failure = ItemMappingFailure("--transform printed an item DynamoDB would refuse: \(problem)")
                    return try body(MappedItem(original: original, mapped: .failure(failure), line: entry.line))
                }
                try body(MappedItem(original: original, mapped: .success(mapped), line: entry.line))
            }
        }
    }

    private static func excerpt(_ bytes: ArraySlice<UInt8>) -> String {
        let text = String(decoding: bytes.prefix(120), as: UTF8.self)
        return bytes.count > 120 ? "'\(text)…'" : "'\(text)'"
    }
}
