import Foundation
import PumpHTTP

/// benchmarks/fixture/server.py in proxy mode in front of moto: DynamoDB's capacity model
/// (throttling, UnprocessedItems) and injected faults, with the data landing in a real store.
/// Each test starts its own, so no configuration outlives it.
public final class FixtureProxy {
    public let url: URL
    private let process: Process

    /// `arguments` are the proxy's flags, e.g. `["--write-units", "50", "--unprocessed-rate", "0.3"]`.
    public init(upstream: URL, arguments: [String]) throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("benchmarks/fixture/server.py").path
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, "proxy", "--upstream", upstream.absoluteString, "--port", "0"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = ""
        while !line.hasSuffix("\n") {
            let byte = output.fileHandleForReading.readData(ofLength: 1)
            guard !byte.isEmpty else { break }
            line += String(decoding: byte, as: UTF8.self)
        }
        guard let range = line.range(of: "http://127.0.0.1:[0-9]+", options: .regularExpression), let url = URL(string: String(line[range])) else {
            process.terminate()
            throw NSError(domain: "FixtureProxy", code: 1, userInfo: [NSLocalizedDescriptionKey: "the fixture proxy did not start: \(line)"])
        }
        self.url = url
    }

    deinit { stop() }

    public func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    /// Changes rates or capacity at run time (`{"error_rate": 0}`).
    public func configure(_ changes: [String: Any]) throws {
        var request = HTTPRequest(method: "POST", url: url.appendingPathComponent("fixture/config"), headers: [("Content-Type", "application/json")])
        request.body = [UInt8](try JSONSerialization.data(withJSONObject: changes))
        let response = try CurlTransport().send(request)
        guard response.status == 200 else {
            throw NSError(domain: "FixtureProxy", code: response.status, userInfo: [NSLocalizedDescriptionKey: String(decoding: response.body, as: UTF8.self)])
        }
    }

    /// The proxy's counters (forwarded, throttled, unprocessed_items, errors, resets, …).
    public func stats() throws -> [String: Any] {
        let response = try CurlTransport().send(HTTPRequest(method: "GET", url: url.appendingPathComponent("fixture/stats")))
        return (try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]) ?? [:]
    }
}
