/// Why a theme could not be used. The caller falls back to the built-in theme and shows the message.
public enum ThemeError: Error, Equatable, Sendable, CustomStringConvertible {
    case malformed(file: String, line: Int, reason: String)
    case unreadable(file: String)
    case notFound(name: String, searched: [String])

    public var description: String {
        switch self {
        case .malformed(let file, let line, let reason): "\(file):\(line): \(reason)"
        case .unreadable(let file): "\(file): cannot read theme file"
        case .notFound(let name, let searched):
            "theme \"\(name)\" not found "
                + (searched.isEmpty ? "" : "in \(searched.joined(separator: ", ")) or ")
                + "among the bundled themes (\(BundledThemes.names.joined(separator: ", ")))"
        }
    }
}
