/// One AWS shared `config` or `credentials` file, split into profiles the way
/// botocore does it (`configloader.load_config` / `raw_config_parse`).
///
/// Config file: `[default]` and `[profile name]` are profiles (so is `[profile default]`);
/// `[sso-session name]` and `[services name]` are kept separately; any other section,
/// e.g. a bare `[name]`, is not a profile and lands in `otherSections`.
/// Credentials file: every section is a profile under its literal name, so there
/// `[profile x]` is a profile called "profile x", exactly as in botocore.
public struct SharedConfigFile: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case config
        case credentials
    }

    public var kind: Kind
    /// The (expanded) path the file was read from; used in messages.
    public var path: String
    public var profiles: [String: ConfigSection]
    public var ssoSessions: [String: ConfigSection]
    public var services: [String: ConfigSection]
    public var otherSections: [String: ConfigSection]

    public init(
        kind: Kind,
        path: String,
        profiles: [String: ConfigSection] = [:],
        ssoSessions: [String: ConfigSection] = [:],
        services: [String: ConfigSection] = [:],
        otherSections: [String: ConfigSection] = [:]
    ) {
        self.kind = kind
        self.path = path
        self.profiles = profiles
        self.ssoSessions = ssoSessions
        self.services = services
        self.otherSections = otherSections
    }

    /// Parses file contents. Throws `AWSConfigError.malformedConfigFile`.
    public init(parsing text: String, kind: Kind, path: String) throws {
        self.init(kind: kind, path: path, ini: try INIFile.parse(text, path: path))
    }

    public init(kind: Kind, path: String, ini: INIFile) {
        self.init(kind: kind, path: path)
        // Later sections win: `[default]` and `[profile default]` (or `[profile a]` and
        // `[profile "a"]`) in one file are different INI sections naming the same profile,
        // and botocore's dict.update keeps whichever comes last.
        for section in ini.sections {
            switch kind {
            case .credentials:
                profiles[section.name] = section.values
            case .config:
                classify(section)
            }
        }
    }

    /// botocore's `build_profile_map`. The prefix tests are plain `startswith`, and the
    /// name is the second shell-word, so `[profiles x]` also names profile "x" and
    /// `[profile a b]` (three words) or `[profile "a]` (bad quoting) name nothing.
    private mutating func classify(_ section: INIFile.Section) {
        let name = section.name
        if name.hasPrefix("profile") {
            if let profile = Self.secondWord(name) { profiles[profile] = section.values }
        } else if name.hasPrefix("sso-session") {
            if let session = Self.secondWord(name) { ssoSessions[session] = section.values }
        } else if name.hasPrefix("services") {
            if let services = Self.secondWord(name) { self.services[services] = section.values }
        } else if name == "default" {
            profiles[name] = section.values
        } else {
            otherSections[name] = section.values
        }
    }

    private static func secondWord(_ header: String) -> String? {
        guard let words = shellSplit(header), words.count == 2 else { return nil }
        return words[1]
    }

    /// Python's `shlex.split` (POSIX mode, no comments): whitespace separates words,
    /// single quotes are literal, double quotes allow `\"` and `\\`, a backslash
    /// outside quotes escapes any character. Returns nil where shlex raises.
    static func shellSplit(_ text: String) -> [String]? {
        enum State { case between, word, single, double }
        var words: [String] = []
        var word = ""
        var state = State.between
        var chars = text.makeIterator()
        while let char = chars.next() {
            switch state {
            case .between, .word:
                if char == " " || char == "\t" || char == "\n" || char == "\r" {
                    if state == .word { words.append(word); word = "" }
                    state = .between
                } else if char == "'" {
                    state = .single
                } else if char == "\"" {
                    state = .double
                } else if char == "\\" {
                    guard let next = chars.next() else { return nil }
                    word.append(next)
                    state = .word
                } else {
                    word.append(char)
                    state = .word
                }
            case .single:
                if char == "'" { state = .word } else { word.append(char) }
            case .double:
                if char == "\"" {
                    state = .word
                } else if char == "\\" {
                    guard let next = chars.next() else { return nil }
                    if next != "\"" && next != "\\" { word.append("\\") }
                    word.append(next)
                } else {
                    word.append(char)
                }
            }
        }
        switch state {
        case .single, .double: return nil
        case .word: words.append(word)
        case .between: break
        }
        return words
    }
}

/// Values may be secrets, so printing shows the path and profile names only.
extension SharedConfigFile: CustomStringConvertible, CustomDebugStringConvertible {
    public var description: String {
        "SharedConfigFile(\(kind == .config ? "config" : "credentials") \(path), profiles: \(profiles.keys.sorted()))"
    }
    public var debugDescription: String { description }
}
