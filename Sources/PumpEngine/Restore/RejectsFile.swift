import Foundation
import PumpJSON

/// `<table>.rejects.jsonl`: items that were not written, one `{"Item":…,"reason":…,"source":…,"table":…}`
/// per line, so nothing is silently lost; `pump restore <table> <rejects file>` replays them.
final class RejectsFile: @unchecked Sendable {
    let path: String
    private let lock = NSLock()
    private var handle: FileHandle?
    private(set) var count = 0

    init(path: String) {
        self.path = path
    }

    func reject(item: [UInt8], reason: String, source: String, table: String) throws {
        var line: [UInt8] = Array(#"{"Item":"#.utf8)
        line += item
        line += Array(#","reason":"#.utf8) + JSONStringCodec.quoted(reason)
        line += Array(#","source":"#.utf8) + JSONStringCodec.quoted(source)
        line += Array(#","table":"#.utf8) + JSONStringCodec.quoted(table)
        line += Array("}\n".utf8)
        try lock.withLock {
            if handle == nil {
                // Created only when there is something to reject; appends to an earlier run's file.
                if !FileManager.default.fileExists(atPath: path) {
                    guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                        throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
                    }
                }
                handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
                try handle?.seekToEnd()
            }
            try handle?.write(contentsOf: line)
            count += 1
        }
    }

    func close() {
        lock.withLock {
            try? handle?.synchronize()
            try? handle?.close()
            handle = nil
        }
    }
}
