import Foundation
import XCTest

/// The built `pump` executable, run as an operator runs it, with only the environment a
/// test gives it (plus PATH and HOME), so a developer's ~/.aws and AWS_* never leak in.
public struct PumpCLI {
    public struct Run {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    public let binary: URL
    public let home: String

    public init(home: String) throws {
        binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("pump")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw XCTSkip("\(binary.path) is not built; run `swift build` first (scripts/test.sh does)")
        }
        self.home = home
    }

    /// Environment for a run against `endpoint` with throwaway credentials.
    public static func environment(endpoint: URL) -> [String: String] {
        ["AWS_ACCESS_KEY_ID": "AKIDCLITEST00001", "AWS_SECRET_ACCESS_KEY": "cli-secret-do-not-print",
         "AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL": endpoint.absoluteString]
    }

    /// Starts pump in `home` with its output going to files there; the caller waits or kills.
    public func start(_ arguments: [String], environment: [String: String]) throws -> (process: Process, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = ["PATH": "/usr/bin:/bin:/usr/local/bin", "HOME": home].merging(environment) { $1 }
        process.currentDirectoryURL = URL(fileURLWithPath: home)
        let id = UUID().uuidString
        let out = "\(home)/.stdout-\(id)", err = "\(home)/.stderr-\(id)"
        FileManager.default.createFile(atPath: out, contents: nil)
        FileManager.default.createFile(atPath: err, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: err))
        try process.run()
        return (process, out, err)
    }

    /// Runs pump to the end.
    public func run(_ arguments: [String], environment: [String: String]) throws -> Run {
        let started = try start(arguments, environment: environment)
        started.process.waitUntilExit()
        return Run(status: started.process.terminationStatus,
                   stdout: (try? String(contentsOfFile: started.stdout, encoding: .utf8)) ?? "",
                   stderr: (try? String(contentsOfFile: started.stderr, encoding: .utf8)) ?? "")
    }
}
