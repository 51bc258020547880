import Foundation

/// Small POSIX helpers: backups hold customer data, so pump controls modes, creation
/// exclusivity and durability directly rather than through Foundation's defaults.
enum FileOps {
    /// Creates a directory readable only by its owner; fails if it exists.
    static func makePrivateDirectory(_ path: String) throws {
        if mkdir(path, 0o700) != 0 {
            if errno == EEXIST { throw ArchiveError.alreadyExists(path: path) }
            throw ArchiveError.io(path: path, operation: "create directory", errno: errno)
        }
    }

    /// Opens a new file (never an existing one) readable only by its owner.
    static func createExclusive(_ path: String) throws -> Int32 {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if fd < 0 {
            if errno == EEXIST { throw ArchiveError.alreadyExists(path: path) }
            throw ArchiveError.io(path: path, operation: "create", errno: errno)
        }
        return fd
    }

    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let n = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw ArchiveError.io(path: path, operation: "write", errno: errno)
            }
            offset += n
        }
    }

    static func fsyncAndClose(_ fd: Int32, path: String) throws {
        if fsync(fd) != 0 {
            let code = errno
            close(fd)
            throw ArchiveError.io(path: path, operation: "fsync", errno: code)
        }
        if close(fd) != 0 { throw ArchiveError.io(path: path, operation: "close", errno: errno) }
    }

    static func rename(_ from: String, _ to: String) throws {
        if Glibc.rename(from, to) != 0 { throw ArchiveError.io(path: to, operation: "rename into place", errno: errno) }
    }

    /// Makes renames inside `directory` durable.
    static func fsyncDirectory(_ directory: String) throws {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw ArchiveError.io(path: directory, operation: "open directory", errno: errno) }
        try fsyncAndClose(fd, path: directory)
    }

    /// Writes a whole small file atomically: temporary name, fsync, rename, fsync the directory.
    /// The temporary name a file is written under before it is renamed into place:
    /// `.<name>.tmp` beside it (docs/FORMAT.md).
    static func temporaryPath(for path: String) -> String {
        (path as NSString).deletingLastPathComponent + "/." + (path as NSString).lastPathComponent + ".tmp"
    }

    /// With `replacing`, an existing file at `path` is replaced (checkpoints); otherwise the
    /// temporary name must be new, so two writers never share one.
    static func writeAtomically(_ bytes: [UInt8], to path: String, replacing: Bool = false) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let temporary = temporaryPath(for: path)
        if replacing { unlink(temporary) }
        let fd = try createExclusive(temporary)
        do {
            try bytes.withUnsafeBytes { (raw) throws in try writeAll(fd, raw, path: temporary) }
        } catch {
            close(fd)
            throw error
        }
        try fsyncAndClose(fd, path: temporary)
        try rename(temporary, path)
        try fsyncDirectory(directory)
    }

    static func readFile(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ArchiveError.io(path: path, operation: "read", errno: FileManager.default.fileExists(atPath: path) ? EACCES : ENOENT)
        }
        return [UInt8](data)
    }

    /// The first `count` bytes of a file (less if it is shorter).
    static func readPrefix(_ path: String, count: Int) throws -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ArchiveError.io(path: path, operation: "open", errno: FileManager.default.fileExists(atPath: path) ? EACCES : ENOENT)
        }
        defer { try? handle.close() }
        return [UInt8]((try? handle.read(upToCount: count)) ?? Data())
    }
}
