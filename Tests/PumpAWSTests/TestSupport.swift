import Foundation
import XCTest
@testable import PumpAWS

/// An in-memory file system for the resolver: path → contents.
func fakeFiles(_ files: [String: String]) -> @Sendable (String) -> String? {
    { path in files[path] }
}

/// A resolver whose HOME is /home/tester and whose ~/.aws files are the given texts.
func makeResolver(
    env: [String: String] = [:],
    config: String? = nil,
    credentials: String? = nil,
    extraFiles: [String: String] = [:]
) -> AWSConfigurationResolver {
    var files = extraFiles
    if let config { files["/home/tester/.aws/config"] = config }
    if let credentials { files["/home/tester/.aws/credentials"] = credentials }
    var variables = ["HOME": "/home/tester"]
    for (key, value) in env { variables[key] = value }
    return AWSConfigurationResolver(environment: ProcessEnvironment(variables), readFile: fakeFiles(files))
}

/// Asserts `body` throws exactly `expected`.
func XCTAssertThrowsConfigError<T>(
    _ expected: AWSConfigError,
    _ body: @autoclosure () throws -> T,
    file: StaticString = #filePath,
    line: UInt = #line
) {
    XCTAssertThrowsError(try body(), file: file, line: line) { error in
        XCTAssertEqual(error as? AWSConfigError, expected, file: file, line: line)
    }
}

/// The error `body` throws, as an AWSConfigError (fails the test otherwise).
func configError<T>(_ body: () throws -> T, file: StaticString = #filePath, line: UInt = #line) -> AWSConfigError? {
    do {
        _ = try body()
        XCTFail("expected an error", file: file, line: line)
        return nil
    } catch let error as AWSConfigError {
        return error
    } catch {
        XCTFail("unexpected error \(error)", file: file, line: line)
        return nil
    }
}

/// A scratch directory removed at the end of the test.
final class TemporaryDirectory {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("pump-aws-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func write(_ relativePath: String, _ contents: String) throws {
        let file = url.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try contents.write(to: file, atomically: true, encoding: .utf8)
    }
    deinit { try? FileManager.default.removeItem(at: url) }
}
