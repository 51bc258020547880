import ArgumentParser

/// `pump`: back up and restore DynamoDB tables under their original names.
@main
struct Pump: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pump",
        abstract: "Back up DynamoDB tables to local files and restore them into the tables your infrastructure code recreates.",
        discussion: """
        A target is a table name or a stage: `pr-5` selects the table named `pr-5` if it exists, \
        otherwise every table whose name starts with `pr-5-` (never `pr-50-…`).

        Exit codes: 0 success; 1 unexpected failure; 2 AWS configuration (credentials, region, endpoint); \
        3 DynamoDB refused or failed a request; 4 a backup folder is missing, incomplete or corrupt; \
        5 some items could not be written (see the rejects file); 6 nothing matched the target; \
        7 the target table is not fit for the restore (missing, other keys, not empty, an unfinished restore's journal); \
        8 a backup or restore stopped but is resumable (--resume); 9 the restored table does not match the backup \
        (count, or content with --verify full); 64 bad command line; 130 stopped by Ctrl-C (resumable).
        """,
        version: "0.1.0",
        subcommands: [BackupCommand.self, RestoreCommand.self, VerifyCommand.self, ListCommand.self]
    )
}
