import ArgumentParser
import Foundation
import PumpArchive
import PumpAWS
import PumpDynamoDB
import PumpEngine
import PumpHTTP

/// The one place errors become exit codes (documented in `pump --help`).
enum Failure {
    static func exitCode(for error: any Error) -> Int32 {
        switch error {
        case is AWSConfigError: return 2
        case let error as DynamoDBError:
            if case .credentials = error.kind { return 2 }
            return 3
        case is HTTPError: return 3
        case is ArchiveError: return 4
        case let error as PumpError:
            switch error {
            case .itemsRejected, .restoreStopped: return 5
            case .accountingMismatch: return 1
            case .noTablesForTarget, .noBackupsFound: return 6
            case .targetTableMissing, .keySchemaMismatch, .targetNotEmpty: return 7
            case .invalidOption: return 64
            case .backupStopped: return 8
            case .interrupted: return 130
            case .restoreHalted(_, _, _, _, let byOperator): return byOperator ? 130 : 8
            case .transformFailed: return 64
            case .journalExists: return 7
            case .journalMissing, .journalUnreadable: return 64
            case .verificationFailed: return 9
            }
        default: return 1
        }
    }

    /// Prints `pump: <message>` to stderr and exits with the mapped code.
    static func exit(with error: any Error) -> Never {
        FileHandle.standardError.write(Data("pump: error: \(error)\n".utf8))
        Foundation.exit(exitCode(for: error))
    }
}

extension ParsableCommand {
    /// Runs `body`, turning pump's errors into one operator line and an exit code.
    func reportingFailures(_ body: () throws -> Void) {
        do {
            try body()
        } catch let error as CleanExit {
            Self.exit(withError: error)
        } catch {
            Failure.exit(with: error)
        }
    }
}
