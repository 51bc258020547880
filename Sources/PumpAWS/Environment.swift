import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A snapshot of environment variables. Everything in this module reads the
/// environment through one of these, never through `ProcessInfo`, so tests can
/// inject any environment and nothing depends on global state.
public struct ProcessEnvironment: Sendable, Equatable {
    public var variables: [String: String]
    /// Home directory to use when HOME is unset (Python's `expanduser` falls back
    /// to the password database the same way). Only `current()` fills it in, so an
    /// injected environment without HOME really has no home.
    public var fallbackHomeDirectory: String?

    public init(_ variables: [String: String], fallbackHomeDirectory: String? = nil) {
        self.variables = variables
        self.fallbackHomeDirectory = fallbackHomeDirectory
    }

    /// The real process environment.
    public static func current() -> ProcessEnvironment {
        ProcessEnvironment(ProcessInfo.processInfo.environment, fallbackHomeDirectory: passwdHomeDirectory())
    }

    /// The raw value, including empty strings.
    public subscript(name: String) -> String? {
        get { variables[name] }
        set { variables[name] = newValue }
    }

    /// The value, or nil when unset *or empty*. Settings are read through this:
    /// `AWS_REGION=` in a script means "not set", as in the Go and Java SDKs.
    public func value(_ name: String) -> String? {
        guard let value = variables[name], !value.isEmpty else { return nil }
        return value
    }

    /// HOME (trailing slashes removed), else the fallback.
    public var homeDirectory: String? {
        if let home = value("HOME") {
            let trimmed = String(home.reversed().drop(while: { $0 == "/" }).reversed())
            return trimmed.isEmpty ? "/" : trimmed
        }
        return fallbackHomeDirectory
    }

    /// Expands `$VAR` / `${VAR}` and then a leading `~` or `~/`, in that order, like
    /// botocore's `os.path.expanduser(os.path.expandvars(path))` for config file paths.
    /// Unknown variables and `~user` are left as written.
    public func expandingPath(_ path: String) -> String {
        let expanded = expandingVariables(path)
        guard expanded.hasPrefix("~") else { return expanded }
        let rest = expanded.dropFirst()
        guard rest.isEmpty || rest.hasPrefix("/"), let home = homeDirectory else { return expanded }
        if home == "/" { return rest.isEmpty ? "/" : String(rest) }
        return home + rest
    }

    /// Python's `posixpath.expandvars`: `$name` (name = word characters) or `${name}`;
    /// a reference to an unset variable stays in the text.
    private func expandingVariables(_ text: String) -> String {
        guard text.contains("$") else { return text }
        var result = ""
        var index = text.startIndex
        while index < text.endIndex {
            let char = text[index]
            guard char == "$" else {
                result.append(char)
                index = text.index(after: index)
                continue
            }
            let afterDollar = text.index(after: index)
            var name = ""
            var end = afterDollar
            if afterDollar < text.endIndex, text[afterDollar] == "{" {
                if let close = text[afterDollar...].firstIndex(of: "}") {
                    name = String(text[text.index(after: afterDollar)..<close])
                    end = text.index(after: close)
                }
            } else {
                end = text[afterDollar...].firstIndex(where: { !($0.isLetter || $0.isNumber || $0 == "_") }) ?? text.endIndex
                name = String(text[afterDollar..<end])
            }
            if !name.isEmpty, let value = variables[name] {
                result += value
                index = end
            } else {
                result.append(char)
                index = afterDollar
            }
        }
        return result
    }

    private static func passwdHomeDirectory() -> String? {
        #if canImport(Glibc) || canImport(Musl) || canImport(Darwin)
        guard let entry = getpwuid(getuid()), let dir = entry.pointee.pw_dir else { return nil }
        let home = String(cString: dir)
        return home.isEmpty ? nil : home
        #else
        return nil
        #endif
    }
}

/// Environments hold secrets (AWS_SECRET_ACCESS_KEY), so printing one shows only its size.
extension ProcessEnvironment: CustomStringConvertible, CustomDebugStringConvertible {
    public var description: String { "ProcessEnvironment(\(variables.count) variables)" }
    public var debugDescription: String { description }
}
