import ArgumentParser
import Foundation
import KwikDashboard

/// `kwiktop themes`: every theme `--theme` can name, where each comes from, and whether it loads.
struct ThemesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "themes",
        abstract: "List the themes --theme can name and where each comes from; exit 1 if one does not load.")

    @Option(help: "Directory searched first for themes.")
    var themesDir: String?

    func run() throws {
        let loader = ThemeLoader(themesDirectory: themesDir, environment: ProcessInfo.processInfo.environment)
        let names = loader.availableThemeNames()
        let width = names.map(\.count).max() ?? 0
        var broken = 0
        for name in names {
            let padded = name.padding(toLength: width, withPad: " ", startingAt: 0)
            let source = loader.source(of: name) ?? ""
            do throws(ThemeError) {
                _ = try loader.load(name)
                Console.printLine("\(padded)  \(source)")
            } catch {
                broken += 1
                Console.printLine("\(padded)  \(error)")
            }
        }
        if broken > 0 { throw Console.failure("\(broken) of \(names.count) themes do not load") }
    }
}
