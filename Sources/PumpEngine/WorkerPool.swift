import Foundation

/// Runs blocking workers on their own threads. Engines block in libcurl, so they must not
/// occupy Swift's cooperative pool, which has only one thread per core.
enum WorkerPool {
    static func run(workers: Int, _ body: @escaping @Sendable (Int) -> Void) {
        let group = DispatchGroup()
        for index in 0..<max(1, workers) {
            group.enter()
            let thread = Thread {
                body(index)
                group.leave()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        group.wait()
    }
}

/// A lock-protected value shared by workers.
final class Shared<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    func with<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        try lock.withLock { try body(&value) }
    }

    var current: Value { lock.withLock { value } }
}
