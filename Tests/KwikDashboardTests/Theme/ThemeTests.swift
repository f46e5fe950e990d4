import Foundation
import KwikTestSupport
import Testing

@testable import KwikDashboard

struct ThemeTests {
    static let themesDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Themes").path

    @Test func parsesBtopSyntax() throws {
        let text = """
            # a comment
              # indented comment

            theme[main_bg]="#1E1E2E"
            theme[main_fg]=""
            theme[title] = "#ff"
            theme[hi_fg]="255 128 0"
            theme[some_future_key]="#123456"
            """
        let entries = try ThemeFile.parse(text, file: "x.theme")
        #expect(entries["main_bg"] == .rgb(RGB(0x1E, 0x1E, 0x2E)))
        #expect(entries["main_fg"] == .terminalDefault)
        #expect(entries["title"] == .rgb(RGB(255, 255, 255)))
        #expect(entries["hi_fg"] == .rgb(RGB(255, 128, 0)))
        let theme = Theme(name: "x", entries: entries)
        #expect(theme.style(for: .accent).foreground == .rgb(RGB(255, 128, 0)))
        #expect(theme.style(for: .value).background == .rgb(RGB(0x1E, 0x1E, 0x2E)))
        #expect(
            theme.style(for: .good)
                == Style(
                    foreground: Theme.builtIn.style(for: .good).foreground,
                    background: .rgb(RGB(0x1E, 0x1E, 0x2E))),
            "missing keys come from the default theme")
    }

    @Test(arguments: [
        ("theme[main_bg]=\"#12345\"", 2, "bad colour"),
        ("main_bg=#123456", 2, "expected theme[key]"),
        ("theme[main bg]=\"#123456\"", 2, "bad key"),
        ("theme[main_bg] \"#123456\"", 2, "expected ="),
        ("theme[main_bg]=\"#123456", 2, "unterminated quote"),
        ("theme[main_bg]=\"300 0 0\"", 2, "bad colour"),
    ])
    func malformedLinesNameFileAndLine(line: String, number: Int, reason: String) {
        let text = "theme[main_fg]=\"#FFFFFF\"\n" + line + "\n"
        #expect {
            try ThemeFile.parse(text, file: "/tmp/broken.theme")
        } throws: { error in
            guard case .malformed(let file, let lineNumber, let message) = error as? ThemeError else { return false }
            return file == "/tmp/broken.theme" && lineNumber == number && message.hasPrefix(reason)
        }
    }

    @Test func malformedErrorReadsAsFileColonLine() {
        #expect(ThemeError.malformed(file: "a.theme", line: 7, reason: "bad key").description == "a.theme:7: bad key")
    }

    @Test func bundledThemesAreThemesFolder() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.themesDirectory)
            .filter { $0.hasSuffix(".theme") }.map { String($0.dropLast(6)) }.sorted()
        #expect(BundledThemes.names == files, "every file in Themes/ is compiled in, and nothing else")
        for (name, text) in BundledThemes.all {
            #expect(text == (try String(contentsOfFile: Self.themesDirectory + "/\(name).theme", encoding: .utf8)))
        }
    }

    @Test func bundledThemesAllParse() throws {
        let loader = ThemeLoader(environment: [:])
        #expect(loader.directories.isEmpty)
        #expect(loader.availableThemeNames() == ["default", "gruvbox", "light", "nord", "tty"])
        #expect(loader.availableThemeNames().allSatisfy { loader.source(of: $0) == "bundled" })
        for name in loader.availableThemeNames() { _ = try loader.load(name) }
        #expect(try loader.load("default") == Theme.builtIn, "the default file and the built-in theme agree")
        #expect(try loader.load("nord").style(for: .bad).foreground == .rgb(RGB(0xE0, 0x84, 0x8D)))
    }

    @Test func loaderSearchOrderAndFallback() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kwiktop-themes-\(UUID().uuidString)")
        let first = root.appendingPathComponent("first"), config = root.appendingPathComponent("config/kwiktop/themes")
        try FileManager.default.createDirectory(at: first, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try "theme[title]=\"#010101\"\n".write(
            to: first.appendingPathComponent("nord.theme"), atomically: true, encoding: .utf8)
        try "theme[title]=\"#020202\"\n".write(
            to: config.appendingPathComponent("mine.theme"), atomically: true, encoding: .utf8)
        try "oops\n".write(to: config.appendingPathComponent("broken.theme"), atomically: true, encoding: .utf8)

        let loader = ThemeLoader(
            themesDirectory: first.path, environment: ["XDG_CONFIG_HOME": root.appendingPathComponent("config").path])
        #expect(try loader.load("nord").style(for: .title).foreground == .rgb(RGB(1, 1, 1)), "--themes-dir wins")
        #expect(try loader.load("mine").style(for: .title).foreground == .rgb(RGB(2, 2, 2)))
        #expect(try loader.load("gruvbox").name == "gruvbox")
        #expect(try loader.load(config.appendingPathComponent("mine.theme").path).name == "mine")
        #expect(loader.availableThemeNames().contains("mine"))

        let (theme, warning) = loader.loadOrDefault("broken")
        #expect(theme == .builtIn)
        #expect(
            warning
                == "\(config.appendingPathComponent("broken.theme").path):1: "
                + "expected theme[key]=\"value\"; using the default theme"
        )
        #expect(loader.source(of: "nord") == first.appendingPathComponent("nord.theme").path)
        #expect(loader.source(of: "light") == "bundled")
        #expect(loader.source(of: "missing") == nil)
        #expect(
            loader.loadOrDefault("missing").warning
                == "theme \"missing\" not found in \(first.path), \(config.path) or among the bundled themes "
                + "(default, gruvbox, light, nord, tty); using the default theme")
    }

    @Test func homeConfigWhenNoXDG() {
        let loader = ThemeLoader(environment: ["HOME": "/home/u"])
        #expect(loader.directories == ["/home/u/.config/kwiktop/themes"])
    }

    @Test func colourFallbacks() {
        #expect(RGB(255, 0, 0).nearestXterm256 == 196)
        #expect(RGB(0, 0, 0).nearestXterm256 == 16)
        #expect(RGB(128, 128, 128).nearestXterm256 == 244)
        #expect(RGB(0x1E, 0x1E, 0x2E).nearestXterm256 == 235)
        #expect(RGB(250, 10, 10).nearestANSI16 == 9)
        #expect(RGB(0, 200, 0).nearestANSI16 == 2)
        // Without bright colours, grey must not fall to black (invisible on a black console).
        #expect(RGB(127, 127, 127).nearestANSI16 == 8)
        #expect(RGB(127, 127, 127).nearestANSI(among: 8) == 7)
        #expect(ColorMode.truecolor.terminalColor(.rgb(RGB(1, 2, 3))) == 0x010203)
        #expect(ColorMode.none.terminalColor(.rgb(RGB(1, 2, 3))) == -1)
        #expect(ColorMode.palette256.terminalColor(.terminalDefault) == -1)
    }

    /// Roles at known cells of a frame, and the colours the nord theme gives them.
    @Test func themeAppliedToFrameCells() throws {
        var state = SnapshotFixtures.dashboard(paths: 4, width: 120, height: 40)
        _ = state.apply(.key(.down))
        let grid = SnapshotFixtures.frame(state)
        let layout = Layout(width: 120, height: 40, state: state)
        let nord = try ThemeLoader(environment: [:]).load("nord")

        #expect(grid[0, 0].role == .headerBox)
        #expect(grid[3, 0].role == .title)
        let firstRow = try #require(layout.rowY(forPathIndex: 0))
        let idColumn = try #require(layout.columns.first { $0.column == .id })
        #expect(grid[idColumn.x + 2, firstRow].scalar == "1")
        #expect(grid[idColumn.x + 2, firstRow].role == .path(0))
        let stateColumn = try #require(layout.columns.first { $0.column == .state })
        #expect(grid[stateColumn.x, firstRow].role == .good)
        #expect(grid[stateColumn.x, firstRow + 3].role == .dim, "path 4 is disabled")
        #expect(grid[stateColumn.x, firstRow + 1].role == .selected, "path 2 is selected")
        #expect(nord.style(for: grid[stateColumn.x, firstRow].role).foreground == .rgb(RGB(0xA3, 0xBE, 0x8C)))
        #expect(nord.style(for: .selected).background == .rgb(RGB(0x43, 0x4C, 0x5E)))
        #expect(nord.style(for: grid[idColumn.x + 2, firstRow].role).foreground == .rgb(RGB(0x88, 0xC0, 0xD0)))
    }
}

struct ColorModeTests {
    @Test func detection() {
        #expect(
            ColorMode.detect(hasColors: true, colors: 256, canChangeColor: true, environment: ["NO_COLOR": "1"])
                == .none)
        #expect(
            ColorMode.detect(hasColors: true, colors: 256, canChangeColor: true, environment: ["NO_COLOR": ""])
                == .palette256)
        #expect(ColorMode.detect(hasColors: false, colors: 0, canChangeColor: false, environment: [:]) == .none)
        #expect(
            ColorMode.detect(hasColors: true, colors: 1 << 24, canChangeColor: false, environment: [:]) == .truecolor)
        #expect(
            ColorMode.detect(
                hasColors: true, colors: 256, canChangeColor: true, environment: ["COLORTERM": "truecolor"])
                == .truecolor)
        #expect(
            ColorMode.detect(
                hasColors: true, colors: 256, canChangeColor: false, environment: ["COLORTERM": "truecolor"])
                == .palette256)
        #expect(ColorMode.detect(hasColors: true, colors: 8, canChangeColor: false, environment: [:]) == .palette16)
    }
}
