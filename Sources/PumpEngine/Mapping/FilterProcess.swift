import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A `--transform` program run by `/bin/sh -c`, with pipes on its stdin and stdout; its
/// stderr is the operator's, so its own error messages show.
final class FilterProcess: @unchecked Sendable {
    /// Pipes are made close-on-exec under this lock, so no other worker's program starts
    /// between `pipe` and `fcntl` and inherits them (which would hide the end of input).
    private static let spawnLock = NSLock()

    let command: String
    fileprivate let pid: pid_t
    private var input: Int32
    private let output: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEnd = false

    init(command: String) throws(PumpError) {
        self.command = command
        // A filter that exits early must not kill pump with SIGPIPE: writes then fail with EPIPE.
        signal(SIGPIPE, SIG_IGN)
        var toChild: [Int32] = [-1, -1], fromChild: [Int32] = [-1, -1]
        let spawned: Result<pid_t, PumpError> = Self.spawnLock.withLock {
            guard pipe(&toChild) == 0 else { return .failure(Self.failure(command, "pipe: \(String(cString: strerror(errno)))")) }
            guard pipe(&fromChild) == 0 else {
                close(toChild[0]); close(toChild[1])
                return .failure(Self.failure(command, "pipe: \(String(cString: strerror(errno)))"))
            }
            for fd in toChild + fromChild { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
            posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)
            var child: pid_t = 0
            let argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/sh"), strdup("-c"), strdup(command), nil]
            defer { for arg in argv { free(arg) } }
            let status = posix_spawn(&child, "/bin/sh", &actions, nil, argv, environ)
            close(toChild[0])
            close(fromChild[1])
            guard status == 0 else {
                close(toChild[1]); close(fromChild[0])
                return .failure(Self.failure(command, "cannot start /bin/sh: \(String(cString: strerror(status)))"))
            }
            return .success(child)
        }
        let child = try spawned.get()
        pid = child
        input = toChild[1]
        output = fromChild[0]
    }

    deinit {
        closeInput()
        close(output)
    }

    /// Writes all of `bytes`; false once the filter no longer reads its input.
    func write(_ bytes: [UInt8]) -> Bool {
        guard input >= 0 else { return false }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(input, $0.baseAddress! + offset, bytes.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }

    /// Ends the filter's input, so it can finish.
    func closeInput() {
        if input >= 0 { close(input); input = -1 }
    }

    /// The next line of the filter's output without its newline, nil at the end.
    func readLine() -> ArraySlice<UInt8>? {
        while true {
            if let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                defer { start = newline + 1 }
                return buffer[start..<newline]
            }
            if atEnd {
                guard start < buffer.count else { return nil }
                defer { start = buffer.count }
                return buffer[start...]
            }
            if start > 0 {
                buffer.removeFirst(start)
                start = 0
            }
            let old = buffer.count
            buffer.append(contentsOf: repeatElement(0, count: 1 << 16))
            let count = buffer.withUnsafeMutableBytes { read(output, $0.baseAddress! + old, 1 << 16) }
            if count < 0 && errno == EINTR { buffer.removeLast(1 << 16); continue }
            buffer.removeLast((1 << 16) - max(count, 0))
            if count <= 0 { atEnd = true }
        }
    }

    /// Waits for the filter to exit; a description of how it failed, nil when it exited 0.
    func finish() -> String? {
        closeInput()
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        if status & 0x7f != 0 { return "was killed by signal \(status & 0x7f)" }
        let code = (status >> 8) & 0xff
        return code == 0 ? nil : "exited with status \(code)"
    }

    static func failure(_ command: String, _ detail: String) -> PumpError {
        .transformFailed(command: command, detail: detail)
    }
}

extension FilterProcess {
    /// Ends the program at once, when its output is no longer wanted.
    func kill() {
        Glibc.kill(pid, SIGKILL)
    }
}
