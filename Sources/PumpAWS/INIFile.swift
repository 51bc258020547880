/// One value in a shared-config section: a plain string, or an indented
/// sub-section such as
///
///     s3 =
///       max_concurrent_requests = 10
public enum ConfigValue: Sendable, Equatable {
    case string(String)
    case section([String: String])

    /// The plain value; nil for a sub-section.
    public var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The sub-section; nil for a plain value.
    public var section: [String: String]? {
        if case .section(let values) = self { return values }
        return nil
    }
}

/// Key/value pairs of one `[section]`.
public typealias ConfigSection = [String: ConfigValue]

/// An INI file parsed exactly the way botocore's `raw_config_parse` parses it,
/// i.e. Python's `configparser.RawConfigParser` with default settings plus
/// botocore's one level of nested sub-sections. That means, deliberately:
/// - `=` or `:` separates key and value (whichever comes first); both sides trimmed;
/// - keys are lower-cased, section names and sub-section keys are not;
/// - only whole-line comments (`#` or `;` after optional indentation) exist; a `#`
///   later in a line is part of the value, so `region = x # y` is "x # y";
/// - a line indented deeper than the key line before it continues that value; a
///   value that starts on the next line becomes a nested sub-section;
/// - `[DEFAULT]` is not a section: its keys are inherited by every section;
/// - a repeated section or repeated key within one file is an error.
public struct INIFile: Sendable, Equatable {
    /// One `[name]` block in file order.
    public struct Section: Sendable, Equatable {
        public var name: String
        public var values: ConfigSection
        public init(name: String, values: ConfigSection) {
            self.name = name
            self.values = values
        }
    }

    /// Sections in the order they appear, `[DEFAULT]` keys already merged in.
    public var sections: [Section]

    public init(sections: [Section]) {
        self.sections = sections
    }

    /// Section values by name.
    public subscript(section name: String) -> ConfigSection? {
        sections.first(where: { $0.name == name })?.values
    }

    /// Parses `text`; `path` is only used in error messages.
    public static func parse(_ text: String, path: String) throws -> INIFile {
        var parser = Parser(path: path)
        for (offset, line) in splitLines(text).enumerated() {
            try parser.consume(line, lineNumber: offset + 1)
        }
        return try parser.finish()
    }

    /// Python's universal newlines: `\n`, `\r\n` and `\r` all end a line.
    /// A UTF-8 byte-order mark is dropped (Python would reject the first line instead).
    private static func splitLines(_ text: String) -> [Substring] {
        var body = Substring(text)
        if body.first == "\u{FEFF}" { body = body.dropFirst() }
        return body.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
    }

    /// State machine mirroring `RawConfigParser._read`.
    private struct Parser {
        let path: String
        var sections: [(name: String, firstLine: Int, values: [String: [String]], order: [String])] = []
        var defaults: [String: [String]] = [:]
        var defaultsOrder: [String] = []
        /// Index into `sections`, or -1 for `[DEFAULT]`; nil before the first header.
        var current: Int?
        var currentOption: String?
        var indentLevel = 0
        /// Line numbers of keys, for sub-section errors reported after joining.
        var optionLines: [String: Int] = [:]

        init(path: String) { self.path = path }

        mutating func consume(_ rawLine: Substring, lineNumber: Int) throws {
            let value = rawLine.trimmingPythonWhitespace()
            let isComment = value.hasPrefix("#") || value.hasPrefix(";")
            if value.isEmpty || isComment {
                // configparser keeps blank lines inside a multi-line value (trimmed later),
                // but a comment line leaves no trace.
                if !isComment, current != nil, let option = currentOption {
                    append("", to: option)
                }
                return
            }
            let indent = rawLine.prefix(while: { $0.isWhitespace }).count
            if current != nil, let option = currentOption, indent > indentLevel {
                append(String(value), to: option)
                return
            }
            indentLevel = indent
            if let header = Self.sectionHeader(value) {
                try startSection(header, lineNumber: lineNumber)
                return
            }
            guard current != nil else {
                throw error(lineNumber, "text before the first [section] header")
            }
            guard let delimiter = value.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
                throw error(lineNumber, "expected `key = value`, a [section] header or a # comment")
            }
            let key = value[..<delimiter].trimmingPythonWhitespace().lowercased()
            guard !key.isEmpty else {
                throw error(lineNumber, "missing key before `\(value[delimiter])`")
            }
            let optionValue = value[value.index(after: delimiter)...].trimmingPythonWhitespace()
            try setOption(key, String(optionValue), lineNumber: lineNumber)
        }

        /// configparser's `\[(?P<header>.+)\]` used with `match`: greedy, so the name runs
        /// to the last `]`, and anything after it is ignored.
        static func sectionHeader(_ line: Substring) -> String? {
            guard line.first == "[", let close = line.lastIndex(of: "]") else { return nil }
            let name = line[line.index(after: line.startIndex)..<close]
            return name.isEmpty ? nil : String(name)
        }

        mutating func startSection(_ name: String, lineNumber: Int) throws {
            currentOption = nil
            if name == "DEFAULT" {
                current = -1
                return
            }
            if sections.contains(where: { $0.name == name }) {
                throw error(lineNumber, "section [\(name)] appears more than once")
            }
            sections.append((name: name, firstLine: lineNumber, values: [:], order: []))
            current = sections.count - 1
        }

        mutating func setOption(_ key: String, _ value: String, lineNumber: Int) throws {
            guard let index = current else { return }
            if index == -1 {
                if defaults[key] != nil { throw error(lineNumber, "key `\(key)` appears more than once in [DEFAULT]") }
                defaults[key] = [value]
                defaultsOrder.append(key)
            } else {
                if sections[index].values[key] != nil {
                    throw error(lineNumber, "key `\(key)` appears more than once in [\(sections[index].name)]")
                }
                sections[index].values[key] = [value]
                sections[index].order.append(key)
            }
            currentOption = key
            optionLines["\(index)\u{0}\(key)"] = lineNumber
        }

        mutating func append(_ line: String, to key: String) {
            guard let index = current else { return }
            if index == -1 { defaults[key, default: []].append(line) } else { sections[index].values[key, default: []].append(line) }
        }

        func finish() throws -> INIFile {
            var result: [Section] = []
            for (index, section) in sections.enumerated() {
                // Inherited [DEFAULT] values are only interpreted inside a real section, as
                // botocore only looks at `cp.options(section)`: a broken nested block in
                // [DEFAULT] is harmless in a file without sections.
                var raw: [String: (lines: [String], sectionIndex: Int)] = [:]
                for (key, lines) in defaults { raw[key] = (lines, -1) }
                for (key, lines) in section.values { raw[key] = (lines, index) }
                result.append(Section(name: section.name, values: try join(raw)))
            }
            return INIFile(sections: result)
        }

        /// configparser joins continuation lines with "\n" and strips trailing whitespace;
        /// botocore then parses a value that starts with "\n" as a nested sub-section.
        func join(_ raw: [String: (lines: [String], sectionIndex: Int)]) throws -> ConfigSection {
            var out: ConfigSection = [:]
            for (key, (lines, sectionIndex)) in raw {
                let joined = lines.joined(separator: "\n").trimmingTrailingPythonWhitespace()
                guard joined.hasPrefix("\n") else {
                    out[key] = .string(joined)
                    continue
                }
                var nested: [String: String] = [:]
                for line in joined.split(separator: "\n") {
                    let trimmed = line.trimmingPythonWhitespace()
                    if trimmed.isEmpty { continue }
                    // botocore splits nested lines on "=" only; ":" is not a separator here.
                    guard let equals = trimmed.firstIndex(of: "=") else {
                        let line = optionLines["\(sectionIndex)\u{0}\(key)"] ?? 0
                        throw error(line, "the indented block under `\(key)` has a line without `=`")
                    }
                    nested[String(trimmed[..<equals].trimmingPythonWhitespace())] =
                        String(trimmed[trimmed.index(after: equals)...].trimmingPythonWhitespace())
                }
                out[key] = .section(nested)
            }
            return out
        }

        func error(_ line: Int, _ reason: String) -> AWSConfigError {
            .malformedConfigFile(path: path, line: line, reason: reason)
        }
    }
}

extension StringProtocol {
    /// Python's `str.strip()` (Unicode whitespace).
    func trimmingPythonWhitespace() -> Substring {
        let sub = Substring(self)
        guard let first = sub.firstIndex(where: { !$0.isWhitespace }) else { return sub[sub.endIndex...] }
        let last = sub.lastIndex(where: { !$0.isWhitespace })!
        return sub[first...last]
    }

    /// Python's `str.rstrip()`.
    func trimmingTrailingPythonWhitespace() -> String {
        guard let last = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[...last])
    }
}

/// Values may be secrets, so printing shows section names only.
extension INIFile: CustomStringConvertible, CustomDebugStringConvertible {
    public var description: String { "INIFile(sections: \(sections.map(\.name)))" }
    public var debugDescription: String { description }
}
