import Foundation

/// Finds theme files by name: `--themes-dir` first, then `$XDG_CONFIG_HOME/kwiktop/themes`
/// (or `~/.config/kwiktop/themes`), then the themes compiled into kwiktop (``BundledThemes``).
public struct ThemeLoader: Sendable {
    public let directories: [String]

    /// - Parameters:
    ///   - themesDirectory: the `--themes-dir` option, if given.
    ///   - environment: where `XDG_CONFIG_HOME` and `HOME` are read.
    public init(themesDirectory: String? = nil, environment: [String: String]) {
        var directories: [String] = []
        if let themesDirectory { directories.append(themesDirectory) }
        if let config = environment["XDG_CONFIG_HOME"], !config.isEmpty {
            directories.append(config + "/kwiktop/themes")
        } else if let home = environment["HOME"], !home.isEmpty {
            directories.append(home + "/.config/kwiktop/themes")
        }
        self.directories = directories
    }

    /// Names of every theme found, `default` first, each once (an earlier directory wins).
    public func availableThemeNames() -> [String] {
        var names = Set(BundledThemes.names)
        for directory in directories {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            for file in files where file.hasSuffix(".theme") { names.insert(String(file.dropLast(6))) }
        }
        return ["default"] + names.subtracting(["default"]).sorted()
    }

    /// Loads a theme by name, or from a path when `nameOrPath` contains `/` or ends in `.theme`. A
    /// file of a bundled theme's name in a searched directory takes its place.
    public func load(_ nameOrPath: String) throws(ThemeError) -> Theme {
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".theme") {
            let name = ((nameOrPath as NSString).lastPathComponent as NSString).deletingPathExtension
            return try Self.loadFile(nameOrPath, name: name)
        }
        for directory in directories {
            let path = directory + "/" + nameOrPath + ".theme"
            if FileManager.default.fileExists(atPath: path) { return try Self.loadFile(path, name: nameOrPath) }
        }
        if let text = BundledThemes.text(named: nameOrPath) {
            return Theme(name: nameOrPath, entries: try ThemeFile.parse(text, file: "bundled \(nameOrPath).theme"))
        }
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

    /// Where the theme of this name would come from: a file in a searched directory, `bundled`, or
    /// nil when there is none.
    public func source(of name: String) -> String? {
        for directory in directories {
            let path = directory + "/" + name + ".theme"
            if FileManager.default.fileExists(atPath: path) { return path }
        }
        return BundledThemes.text(named: name) == nil ? nil : "bundled"
    }

    public static func loadFile(_ path: String, name: String) throws(ThemeError) -> Theme {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw .unreadable(file: path) }
        return Theme(name: name, entries: try ThemeFile.parse(text, file: path))
    }
}
