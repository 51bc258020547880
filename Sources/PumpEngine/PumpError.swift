/// Failures of pump's own logic (targets, schemas, rejected items), phrased for the operator.
/// Errors from the AWS, DynamoDB and archive layers pass through with their own types.
public enum PumpError: Error, Equatable, CustomStringConvertible {
    case noTablesForTarget(target: String, available: [String])
    case targetTableMissing(table: String, derivedFrom: String)
    case keySchemaMismatch(table: String, differences: [String])
    case targetNotEmpty(table: String)
    case itemsRejected(count: Int, rejectsFile: String)
    case noBackupsFound(target: String, directory: String)
    case invalidOption(String)
    /// The operator stopped a backup; it can be resumed.
    case interrupted(directory: String)
    /// A backup gave up; what it wrote is kept and can be resumed.
    case backupStopped(directory: String, reason: String)
    /// A restore stopped writing; every item not written is in the rejects file.
    case restoreStopped(table: String, reason: String, written: Int, unwritten: Int, rejectsFile: String)
    /// Items read did not equal items written plus rejected: a bug, never to be shrugged off.
    case accountingMismatch(read: Int, written: Int, rejected: Int)
    /// A restore stopped (Ctrl-C or an error no retry fixes); its journal lets `--resume` go on.
    case restoreHalted(table: String, reason: String, written: Int, journal: String?, byOperator: Bool)
    /// The `--transform` program failed or broke the one-line-out-per-line-in rule.
    case transformFailed(command: String, detail: String)
    case journalExists(path: String, table: String)
    case journalMissing(path: String, table: String)
    case journalUnreadable(path: String, detail: String)
    /// The table after the restore does not hold what the backup does.
    case verificationFailed(table: String, detail: String)

    public var description: String {
        switch self {
        case .noTablesForTarget(let target, let available):
            let shown = available.prefix(10).joined(separator: ", ")
            let more = available.count > 10 ? ", … (\(available.count) tables)" : ""
            return "no table named \(target) and none starting with \(target)-" + (available.isEmpty ? " (this account and region have no tables: check --region / --endpoint-url)" : "; tables here: \(shown)\(more)")
        case .targetTableMissing(let table, let derivedFrom):
            return "table \(table) does not exist (\(derivedFrom)); create it first (deploy the stack), then restore"
        case .keySchemaMismatch(let table, let differences):
            return "key schema of \(table) differs from the backup: " + differences.joined(separator: "; ") + ". Restore into a table with the backup's keys, or map the items with --rename OLD=NEW or --transform CMD"
        case .targetNotEmpty(let table):
            return "table \(table) already holds items; restoring would overwrite items with the same keys. Pass --force to write anyway"
        case .itemsRejected(let count, let rejectsFile):
            return "\(count) item(s) could not be written; they are in \(rejectsFile) with the reason for each"
        case .noBackupsFound(let target, let directory):
            return "no backups for \(target) in \(directory) (use --dir to look elsewhere)"
        case .invalidOption(let detail):
            return detail
        case .interrupted(let directory):
            return "backup stopped; everything written so far is kept. Resume with: pump backup --resume \(directory)"
        case .restoreStopped(let table, let reason, let written, let unwritten, let rejectsFile):
            return "restore of \(table) stopped: \(reason). \(written) items were written; the other \(unwritten) are in \(rejectsFile) with the reason for each. When the table accepts writes again, finish with: pump restore \(table) \(rejectsFile) --force"
        case .accountingMismatch(let read, let written, let rejected):
            return "internal error: \(read) items read but \(written) written and \(rejected) rejected; please report this with the command line"
        case .backupStopped(let directory, let reason):
            return "\(reason). The backup in \(directory) is incomplete but resumable: pump backup --resume \(directory)"
        case .restoreHalted(let table, let reason, let written, let journal, _):
            guard let journal else {
                return "restore of \(table) stopped: \(reason). \(written) items were written in this run; with no journal, restore again with --force to write everything"
            }
            return "restore of \(table) stopped: \(reason). \(written) items were written in this run and \(journal) records how far it got; run the same pump restore command again with --resume to continue"
        case .transformFailed(let command, let detail):
            return "--transform '\(command)' \(detail)"
        case .journalExists(let path, let table):
            return "an earlier restore into \(table) did not finish (its journal is \(path)); add --resume to continue it, or delete \(path) to start over"
        case .journalMissing(let path, let table):
            return "--resume: no journal of a restore into \(table) at \(path) (give --journal if it is elsewhere)"
        case .journalUnreadable(let path, let detail):
            return "cannot resume from \(path): \(detail)"
        case .verificationFailed(let table, let detail):
            return "verification of \(table) after the restore failed: \(detail)"
        }
    }
}
