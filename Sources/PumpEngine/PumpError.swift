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

    public var description: String {
        switch self {
        case .noTablesForTarget(let target, let available):
            let shown = available.prefix(10).joined(separator: ", ")
            let more = available.count > 10 ? ", … (\(available.count) tables)" : ""
            return "no table named \(target) and none starting with \(target)-" + (available.isEmpty ? " (this account and region have no tables: check --region / --endpoint-url)" : "; tables here: \(shown)\(more)")
        case .targetTableMissing(let table, let derivedFrom):
            return "table \(table) does not exist (\(derivedFrom)); create it first (deploy the stack), then restore"
        case .keySchemaMismatch(let table, let differences):
            return "key schema of \(table) differs from the backup: " + differences.joined(separator: "; ") + ". Restore into a table with the backup's keys"
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
        }
    }
}
