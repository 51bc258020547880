import Foundation

/// Set when the operator asks pump to stop (Ctrl-C): workers finish the page in hand,
/// checkpoint, and return, so the run can be resumed.
public final class StopSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var requested = false

    public init() {}

    public func request() { lock.withLock { requested = true } }
    public var isRequested: Bool { lock.withLock { requested } }
}
