import Foundation

/// The shared `config` and `credentials` files together, as botocore's session
/// sees them (`Session.full_config`).
public struct SharedConfigFiles: Sendable, Equatable {
    /// Expanded path of the config file (whether or not it exists).
    public var configPath: String
    /// Expanded path of the credentials file (whether or not it exists).
    public var credentialsPath: String
    /// nil when the file does not exist: a missing file is not an error.
    public var config: SharedConfigFile?
    public var credentials: SharedConfigFile?

    public init(configPath: String, credentialsPath: String, config: SharedConfigFile?, credentials: SharedConfigFile?) {
        self.configPath = configPath
        self.credentialsPath = credentialsPath
        self.config = config
        self.credentials = credentials
    }

    /// Reads and parses both files. `readFile` returns nil for a file that does not
    /// exist (or is not a regular file). Throws `AWSConfigError.malformedConfigFile`.
    public static func load(
        configPath: String,
        credentialsPath: String,
        readFile: (String) -> String?
    ) throws -> SharedConfigFiles {
        let config = try readFile(configPath).map {
            try SharedConfigFile(parsing: $0, kind: .config, path: configPath)
        }
        let credentials = try readFile(credentialsPath).map {
            try SharedConfigFile(parsing: $0, kind: .credentials, path: credentialsPath)
        }
        return SharedConfigFiles(configPath: configPath, credentialsPath: credentialsPath, config: config, credentials: credentials)
    }

    /// Reads a file from disk, decoding invalid UTF-8 leniently rather than
    /// pretending the file is absent.
    public static func readFromDisk(_ path: String) -> String? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
              let data = FileManager.default.contents(atPath: path)
        else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// Every profile name either file defines.
    public var profileNames: Set<String> {
        var names = Set<String>()
        for file in [config, credentials].compactMap({ $0 }) { names.formUnion(file.profiles.keys) }
        return names
    }

    public func hasProfile(_ name: String) -> Bool {
        config?.profiles[name] != nil || credentials?.profiles[name] != nil
    }

    /// The profile's settings with the credentials file's keys layered over the
    /// config file's (botocore's `full_config` does `profile.update(cred_vars)`), so
    /// e.g. `region` in the credentials file is honoured and wins. nil if neither
    /// file has the profile.
    public func profile(_ name: String) -> ConfigSection? {
        let fromConfig = config?.profiles[name]
        let fromCredentials = credentials?.profiles[name]
        guard fromConfig != nil || fromCredentials != nil else { return nil }
        var merged = fromConfig ?? [:]
        for (key, value) in fromCredentials ?? [:] { merged[key] = value }
        return merged
    }

    /// A `[services name]` section; only the config file has these.
    public func servicesSection(_ name: String) -> ConfigSection? {
        config?.services[name]
    }
}

/// Values may be secrets, so printing shows paths and whether the files exist.
extension SharedConfigFiles: CustomStringConvertible, CustomDebugStringConvertible {
    public var description: String {
        "config file \(configPath)\(config == nil ? " (not found)" : ""), "
            + "credentials file \(credentialsPath)\(credentials == nil ? " (not found)" : "")"
    }
    public var debugDescription: String { description }
}
