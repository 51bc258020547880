/// Where a setting came from, for error messages and `--debug` output.
public enum ConfigSource: Sendable, Equatable, CustomStringConvertible {
    /// A command-line flag, e.g. `.flag("--region")`.
    case flag(String)
    /// An environment variable, e.g. `.environment("AWS_REGION")`.
    case environment(String)
    /// A key of a shared-config profile (config or credentials file), e.g. `.profile("dev", key: "region")`.
    case profile(String, key: String)
    /// Built-in default (nothing was configured).
    case `default`

    public var description: String {
        switch self {
        case .flag(let flag): return flag
        case .environment(let name): return "environment variable \(name)"
        case .profile(let profile, let key): return "\(key) in profile \"\(profile)\""
        case .default: return "default"
        }
    }
}
