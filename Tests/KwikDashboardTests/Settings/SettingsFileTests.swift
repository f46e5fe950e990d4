import Foundation
import KwikDashboard
import KwikSnapshot
import KwikTestSupport
import Testing

struct SettingsFileTests {
    static func reading(_ text: String) throws -> SettingsFile.Reading {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kwiktop-settings-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("kwiktop.toml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        var reading = SettingsFile(path: path).read()
        reading.problems = reading.problems.map { $0.replacingOccurrences(of: path, with: "kwiktop.toml") }
        return reading
    }

    @Test func everySettingIsRead() throws {
        let reading = try Self.reading(
            """
            # mine
            theme = "nord"
            refresh = 8
            window = 5
            scheduler = "minrtt"
            graph_span = 120
            legend = "top"
            columns = ["id", "rx", "srtt", "history"]
            """)
        #expect(reading.problems == [])
        #expect(reading.isWritable)
        #expect(
            reading.settings
                == DashboardSettings(
                    theme: "nord", refreshHz: 8, averagingWindow: 5, scheduler: .minrtt, graphSpan: 120, legend: .top,
                    columns: [.id, .rx, .srtt, .sparkline]))
    }

    @Test func aFileThatDoesNotParseNamesItsLineAndIsNotOverwritten() throws {
        let reading = try Self.reading("theme = \"nord\"\nrefresh = = 8\n")
        #expect(reading.settings == DashboardSettings())
        #expect(!reading.isWritable)
        #expect(reading.problems.count == 1)
        #expect(reading.problems[0].hasPrefix("kwiktop.toml:2: "), "\(reading.problems)")
        #expect(reading.problems[0].hasSuffix("; using the defaults"))
    }

    @Test func aBadValueCostsOnlyItself() throws {
        let reading = try Self.reading(
            """
            theme = "light"
            refresh = 3
              legend = "left"
            columns = ["id", "nope"]
            colour = "red"
            """)
        #expect(reading.settings.theme == "light")
        #expect(reading.settings.refreshHz == nil)
        #expect(reading.settings.legend == nil)
        #expect(reading.settings.columns == [.id])
        #expect(reading.isWritable)
        #expect(
            reading.problems == [
                "kwiktop.toml:5: unknown setting \"colour\" (known: theme, refresh, window, scheduler, graph_span, legend, columns); ignored",
                "kwiktop.toml:2: refresh must be one of 1, 2, 4, 8, 16, not 3; ignored",
                "kwiktop.toml:3: legend = \"left\" is not usable; ignored",
                "kwiktop.toml:4: no column \"nope\" (columns: id, endpoint, state, rx, tx, share, srtt, queue, target, "
                    + "pool_hit, allocs, zero_alloc, order, reinj, history); ignored",
            ])
    }

    @Test func aMissingFileIsNoProblem() {
        let reading = SettingsFile(path: "/nonexistent/kwiktop/kwiktop.toml").read()
        #expect(reading == SettingsFile.Reading(settings: DashboardSettings(), problems: [], isWritable: true))
    }

    @Test func whatIsWrittenReadsBackAndMakesItsDirectory() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kwiktop-settings-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = SettingsFile(path: directory.appendingPathComponent("kwiktop/kwiktop.toml").path)
        let settings = DashboardSettings(
            theme: "/home/u/my \"odd\" \\ one.theme", refreshHz: 16, averagingWindow: 10, scheduler: .redundant,
            graphSpan: 15, legend: .hidden, columns: [.endpoint, .poolHit])
        try file.write(settings)
        #expect(file.read() == SettingsFile.Reading(settings: settings, problems: [], isWritable: true))
        let text = try String(contentsOfFile: file.path, encoding: .utf8)
        #expect(text.contains("# redraws per second: 1, 2, 4, 8 or 16\nrefresh = 16\n"))
    }

    @Test func theStandardPlaceFollowsXDG() {
        #expect(
            SettingsFile.standard(environment: ["XDG_CONFIG_HOME": "/x", "HOME": "/h"])?.path
                == "/x/kwiktop/kwiktop.toml")
        #expect(SettingsFile.standard(environment: ["HOME": "/h"])?.path == "/h/.config/kwiktop/kwiktop.toml")
        #expect(SettingsFile.standard(environment: [:]) == nil)
    }

    /// Settings change in the view with its keys; the settings it reports follow them.
    @Test func theViewReportsWhatItsKeysChange() {
        var state = SnapshotFixtures.dashboard(paths: 4, width: 120, height: 40)
        _ = state.apply(.key(.tab))
        _ = state.apply(.key(.character("]")))
        _ = state.apply(.key(.character("L")))
        _ = state.apply(.key(.character("s")))
        _ = state.apply(.key(.character("+")))
        #expect(
            state.settings
                == DashboardSettings(
                    theme: "default", refreshHz: 8, averagingWindow: 5, scheduler: .roundrobin, graphSpan: 120,
                    legend: .top))
    }

    @Test func adoptedSettingsShapeTheView() {
        var state = SnapshotFixtures.dashboard(paths: 4, width: 120, height: 40)
        state.adopt(DashboardSettings(averagingWindow: 10, graphSpan: 30, legend: .hidden, columns: [.id, .rx]))
        #expect(state.averagingWindow == 10)
        let text = SnapshotFixtures.frame(state).text
        #expect(text.contains("last 30.0s"))
        #expect(!text.contains("■1"))
        let titles = text.split(separator: "\n").first { $0.contains(" id ") } ?? ""
        #expect(titles.contains("rx") && !titles.contains("srtt") && !titles.contains("endpoint"), "\(titles)")
    }
}
