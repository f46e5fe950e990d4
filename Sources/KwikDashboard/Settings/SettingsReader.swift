import KwikSnapshot
import TOMLKit

/// Reads each setting of a parsed `kwiktop.toml`, noting every value it cannot use with the line the
/// key stands on, so a bad value costs only itself.
struct SettingsReader {
    let table: TOMLTable
    let text: String
    let file: String
    private(set) var problems: [String] = []

    static let keys = ["theme", "refresh", "window", "scheduler", "graph_span", "legend", "columns"]

    init(table: TOMLTable, text: String, file: String) {
        self.table = table
        self.text = text
        self.file = file
    }

    mutating func settings() -> DashboardSettings {
        for key in table.keys where !Self.keys.contains(key) {
            note(key, "unknown setting \"\(key)\" (known: \(Self.keys.joined(separator: ", ")))")
        }
        var settings = DashboardSettings()
        settings.theme = string("theme") { $0.isEmpty ? nil : $0 }
        settings.refreshHz = integer("refresh", allowed: DashboardState.refreshRates)
        settings.averagingWindow = integer("window", allowed: DashboardState.averagingWindows.map { Int($0) }).map {
            Double($0)
        }
        settings.scheduler = string("scheduler") { SchedulerKind(rawValue: $0) }
        settings.graphSpan = integer("graph_span", allowed: DashboardState.graphSpans.map { Int($0) }).map {
            Double($0)
        }
        settings.legend = string("legend") { DashboardState.LegendPlacement(rawValue: $0) }
        settings.columns = columns()
        return settings
    }

    private mutating func string<T>(_ key: String, _ convert: (String) -> T?) -> T? {
        guard let node = table[key] else { return nil }
        guard let text = node.string, let value = convert(text) else {
            note(key, "\(key) = \(node) is not usable")
            return nil
        }
        return value
    }

    private mutating func integer(_ key: String, allowed: [Int]) -> Int? {
        guard let node = table[key] else { return nil }
        guard let value = node.int, allowed.contains(value) else {
            note(key, "\(key) must be one of \(allowed.map(String.init).joined(separator: ", ")), not \(node)")
            return nil
        }
        return value
    }

    private mutating func columns() -> [PathColumn]? {
        guard let node = table["columns"] else { return nil }
        guard let array = node.array else {
            note("columns", "columns must be a list such as [\"id\", \"rx\"]")
            return nil
        }
        var columns: [PathColumn] = []
        for element in array {
            guard let name = element.string, let column = PathColumn(settingsName: name) else {
                let names = PathColumn.allCases.map(\.settingsName).joined(separator: ", ")
                note("columns", "no column \(element) (columns: \(names))")
                continue
            }
            columns.append(column)
        }
        return columns
    }

    /// Records a problem at the line `key` is set on (TOML keeps no positions for values).
    private mutating func note(_ key: String, _ reason: String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let line = lines.firstIndex { line in
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            guard trimmed.hasPrefix(key) else { return false }
            return trimmed.dropFirst(key.count).drop { $0 == " " || $0 == "\t" }.hasPrefix("=")
        }
        problems.append("\(file):\(line.map { "\($0 + 1)" } ?? "?"): \(reason); ignored")
    }
}
