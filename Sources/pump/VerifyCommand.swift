import ArgumentParser
import Foundation
import PumpArchive
import PumpEngine

/// `pump verify <backup>…`
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Read a backup end to end and check it: manifest, checksums, every line, key attributes, counts.",
        discussion: "Accepts pump backups, AWS Export to S3 folders and dynamodump table folders. Prints OK with totals, or names the file, line and problem and exits 4. Touches no table."
    )

    @Argument(help: "Backup folders.")
    var backups: [String]

    func validate() throws {
        if backups.isEmpty { throw ValidationError("name at least one backup folder") }
    }

    func run() {
        reportingFailures {
            for path in backups {
                let source = try BackupOpener.open(path)
                let report = try BackupVerifier().verify(source)
                let rate = report.seconds > 0 ? Double(report.bytesRead) / report.seconds : 0
                print("OK \(path) (\(source.kind) of \(source.tableName)): \(Format.count(report.items)) items in \(report.segments) files, \(Format.bytes(report.bytesRead)) read in \(Format.duration(report.seconds)) (\(Format.bytes(Int(rate)))/s)")
            }
        }
    }
}
