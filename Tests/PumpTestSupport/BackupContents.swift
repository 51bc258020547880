import PumpArchive

/// Every item of a pump backup in canonical form, and how many lines held them: a
/// duplicate shows as more lines than keys, a gap as a missing key.
public enum BackupContents {
    public static func read(_ directory: String, keyNames: [String] = ["pk", "sk"]) throws -> (items: [String: String], lines: Int) {
        var items: [String: String] = [:]
        var lines = 0
        for segment in try Backup(directory: directory).segments {
            try segment.forEachItem { item, _ in
                let bytes = Array(item)
                items[try CanonicalItem.key(bytes, names: keyNames)] = try CanonicalItem.canonical(bytes)
                lines += 1
            }
        }
        return (items, lines)
    }
}
