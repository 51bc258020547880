import PumpEngine
import XCTest

final class TargetResolverTests: XCTestCase {
    private let tables = ["pr-5-main-table", "pr-5-audit", "pr-50-main-table", "pr-5", "pr-55-x", "prod-main-table"]

    func testExactTableNameWins() throws {
        XCTAssertEqual(try TargetResolver.tablesToBackUp(target: "pr-5", existing: tables), ["pr-5"])
        XCTAssertEqual(try TargetResolver.tablesToBackUp(target: "pr-50-main-table", existing: tables), ["pr-50-main-table"])
    }

    func testStageSelectsItsTablesButNeverALongerStageNumber() throws {
        let withoutExact = tables.filter { $0 != "pr-5" }
        XCTAssertEqual(try TargetResolver.tablesToBackUp(target: "pr-5", existing: withoutExact), ["pr-5-audit", "pr-5-main-table"])
        XCTAssertEqual(try TargetResolver.tablesToBackUp(target: "pr-50", existing: withoutExact), ["pr-50-main-table"])
        XCTAssertFalse(TargetResolver.belongs("pr-50-main-table", toStage: "pr-5"))
        XCTAssertFalse(TargetResolver.belongs("pr-5-", toStage: "pr-5"))
    }

    func testNoMatchListsWhatExists() {
        XCTAssertThrowsError(try TargetResolver.tablesToBackUp(target: "pr-7", existing: tables)) { error in
            guard case PumpError.noTablesForTarget(let target, let available) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(target, "pr-7")
            XCTAssertEqual(available, tables.sorted())
            XCTAssertTrue("\(error)".contains("none starting with pr-7-"))
        }
    }

    func testRestoreTargetMapping() {
        let none: (String) -> Bool = { _ in false }
        XCTAssertEqual(TargetResolver.restoreTable(target: "pr-5", sourceTable: "pr-5-main-table", sourceStage: "pr-5", targetExists: none), "pr-5-main-table")
        XCTAssertEqual(TargetResolver.restoreTable(target: "pr-6", sourceTable: "pr-5-main-table", sourceStage: "pr-5", targetExists: none), "pr-6-main-table")
        XCTAssertEqual(TargetResolver.restoreTable(target: "pr-6", sourceTable: "pr-5-main-table", sourceStage: nil, targetExists: none), "pr-6-main-table",
                       "without a recorded stage, the preview-stage shape <name>-<number>- is recognised")
        XCTAssertEqual(TargetResolver.restoreTable(target: "staging", sourceTable: "dev-main-table", sourceStage: "dev", targetExists: none), "staging-main-table")
        XCTAssertEqual(TargetResolver.restoreTable(target: "pr-5-main-table", sourceTable: "pr-5-main-table", sourceStage: "pr-5", targetExists: none), "pr-5-main-table")
        XCTAssertEqual(TargetResolver.restoreTable(target: "other-table", sourceTable: "pr-5-main-table", sourceStage: "pr-5", targetExists: { $0 == "other-table" }), "other-table",
                       "an existing full table name is used as is")
        XCTAssertEqual(TargetResolver.restoreTable(target: "pr-50", sourceTable: "pr-5-main-table", sourceStage: "pr-5", targetExists: none), "pr-50-main-table")
    }
}
