import Foundation

/// Finds theme files by name: `--themes-dir` first, then `$XDG_CONFIG_HOME/kwiktop/themes`
/// (or `~/.config/kwiktop/themes`), then the themes bundled with kwiktop.
public struct ThemeLoader: Sendable {
    public let directories: [String]

    /// - Parameters:
    ///   - themesDirectory: the `--themes-dir` option, if given.
    ///   - environment: where `XDG_CONFIG_HOME` and `HOME` are read.
    ///   - bundledDirectory: the `Themes/` directory shipped with kwiktop, if the caller found one.
    public init(themesDirectory: String? = nil, environment: [String: String], bundledDirectory: String? = nil) {
        var directories: [String] = []
        if let themesDirectory { directories.append(themesDirectory) }
        if let config = environment["XDG_CONFIG_HOME"], !config.isEmpty {
            directories.append(config + "/kwiktop/themes")
        } else if let home = environment["HOME"], !home.isEmpty {
            directories.append(home + "/.config/kwiktop/themes")
        }
        if let bundledDirectory { directories.append(bundledDirectory) }
        self.directories = directories
    }

    /// Names of every theme found, `default` first, each once (an earlier directory wins).
    public func availableThemeNames() -> [String] {
        var names: Set<String> = ["default"]
        for directory in directories {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            for file in files where file.hasSuffix(".theme") { names.insert(String(file.dropLast(6))) }
        }
        return ["default"] + names.subtracting(["default"]).sorted()
    }

    /// Loads a theme by name, or from a path when `nameOrPath` contains `/` or ends in `.theme`.
    /// `default` is built in, so it loads even when no file is found.
    public func load(_ nameOrPath: String) throws(ThemeError) -> Theme {
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".theme") {
            let name = ((nameOrPath as NSString).lastPathComponent as NSString).deletingPathExtension
            return try Self.loadFile(nameOrPath, name: name)
        }
        for directory in directories {
            let path = directory + "/" + nameOrPath + ".theme"
            if FileManager.default.fileExists(atPath: path) { return try Self.loadFile(path, name: nameOrPath) }
        }
        if nameOrPath == "default" { return .builtIn }
        throw .notFound(name: nameOrPath, searched: directories)
    }

    /// Loads a theme, falling back to the built-in one; the warning says why when it did.
    public func loadOrDefault(_ nameOrPath: String) -> (theme: Theme, warning: String?) {
        do throws(ThemeError) {
            return (try load(nameOrPath), nil)
        } catch {
            return (.builtIn, "\(error.description); using the default theme")
        }
    }

    public static func loadFile(_ path: String, name: String) throws(ThemeError) -> Theme {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw .unreadable(file: path) }
        return Theme(name: name, entries: try ThemeFile.parse(text, file: path))
    }
}
