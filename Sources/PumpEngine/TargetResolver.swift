/// Turns what an operator types (`pr-5`, or a full table name) into table names.
///
/// CI pipelines name tables `<stage>-<name>` (`pr-5-main-table`), so a stage selects every
/// table that starts with `<stage>-`; the dash matters: `pr-5` must never select `pr-50-…`.
public enum TargetResolver {
    /// Tables a backup of `target` covers: the table named exactly `target` if it exists,
    /// otherwise every table starting with `target-`.
    public static func tablesToBackUp(target: String, existing: [String]) throws(PumpError) -> [String] {
        if existing.contains(target) { return [target] }
        let matches = existing.filter { belongs($0, toStage: target) }.sorted()
        guard !matches.isEmpty else { throw .noTablesForTarget(target: target, available: existing.sorted()) }
        return matches
    }

    /// Whether `table` is one of stage `stage`'s tables.
    public static func belongs(_ table: String, toStage stage: String) -> Bool {
        table == stage || (table.hasPrefix(stage + "-") && table.count > stage.count + 1)
    }

    /// The table a backup of `sourceTable` (taken for stage `sourceStage`, if any) restores into
    /// when the operator names `target`.
    ///
    /// - the source table itself, or a table that exists under exactly `target`, is used as is;
    /// - otherwise `target` is a stage: the source's stage prefix is swapped for it
    ///   (`pr-5-main-table` → `pr-6-main-table`).
    public static func restoreTable(target: String, sourceTable: String, sourceStage: String?, targetExists: (String) throws -> Bool) rethrows -> String {
        if target == sourceTable { return target }
        if belongs(sourceTable, toStage: target) { return sourceTable }
        if try targetExists(target) { return target }
        guard let suffix = stageSuffix(of: sourceTable, stage: sourceStage) else { return target }
        return target + suffix
    }

    /// `-main-table` for `pr-5-main-table`: from the recorded stage, or the `<letters>-<number>-` shape of preview stages.
    static func stageSuffix(of table: String, stage: String?) -> String? {
        if let stage, table.hasPrefix(stage + "-"), table.count > stage.count + 1 {
            return String(table.dropFirst(stage.count))
        }
        let parts = table.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 3, let number = parts.firstIndex(where: { !$0.isEmpty && $0.allSatisfy(\.isNumber) }),
              number > 0, number < parts.count - 1 else { return nil }
        return "-" + parts[(number + 1)...].joined(separator: "-")
    }
}
