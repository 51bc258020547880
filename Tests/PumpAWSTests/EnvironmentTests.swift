import XCTest
@testable import PumpAWS

final class EnvironmentTests: XCTestCase {
    func testSubscriptAndValueTreatEmptyAsUnset() {
        var env = ProcessEnvironment(["A": "1", "EMPTY": ""])
        XCTAssertEqual(env["A"], "1")
        XCTAssertEqual(env["EMPTY"], "")
        XCTAssertNil(env.value("EMPTY"))
        XCTAssertNil(env.value("MISSING"))
        env["B"] = "2"
        XCTAssertEqual(env.value("B"), "2")
        XCTAssertEqual(env.variables, ["A": "1", "EMPTY": "", "B": "2"])
    }

    func testCurrentReflectsTheProcess() {
        let current = ProcessEnvironment.current()
        XCTAssertEqual(current.variables, ProcessInfo.processInfo.environment)
        XCTAssertNotNil(current.homeDirectory)
    }

    func testTildeExpansionUsesHome() {
        let env = ProcessEnvironment(["HOME": "/home/alice/"])
        XCTAssertEqual(env.homeDirectory, "/home/alice")
        XCTAssertEqual(env.expandingPath("~/.aws/config"), "/home/alice/.aws/config")
        XCTAssertEqual(env.expandingPath("~"), "/home/alice")
        XCTAssertEqual(env.expandingPath("/etc/aws/config"), "/etc/aws/config")
        XCTAssertEqual(env.expandingPath("relative/~/x"), "relative/~/x")
        // ~user is not resolved.
        XCTAssertEqual(env.expandingPath("~bob/config"), "~bob/config")
    }

    func testRootHome() {
        let env = ProcessEnvironment(["HOME": "/"])
        XCTAssertEqual(env.expandingPath("~/.aws/config"), "/.aws/config")
        XCTAssertEqual(env.expandingPath("~"), "/")
    }

    func testWithoutHomeTildeStaysUnlessThereIsAFallback() {
        XCTAssertEqual(ProcessEnvironment([:]).expandingPath("~/.aws/config"), "~/.aws/config")
        XCTAssertEqual(ProcessEnvironment(["HOME": ""]).expandingPath("~/x"), "~/x")
        let withFallback = ProcessEnvironment([:], fallbackHomeDirectory: "/var/lib/pump")
        XCTAssertEqual(withFallback.expandingPath("~/.aws/config"), "/var/lib/pump/.aws/config")
    }

    func testVariablesAreExpandedBeforeTilde() {
        let env = ProcessEnvironment(["HOME": "/h", "DIR": "~/conf", "X": "x"])
        XCTAssertEqual(env.expandingPath("$DIR/aws"), "/h/conf/aws")
        XCTAssertEqual(env.expandingPath("/a/${X}y/$X.z"), "/a/xy/x.z")
        XCTAssertEqual(env.expandingPath("/a/$UNSET/${ALSO_UNSET}/$"), "/a/$UNSET/${ALSO_UNSET}/$")
        XCTAssertEqual(env.expandingPath("/a/${X"), "/a/${X")
    }
}
