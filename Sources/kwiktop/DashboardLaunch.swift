import ArgumentParser
import Foundation
import KwikCore
import KwikDashboard
import KwikSnapshot
import KwikTerminal

/// Dashboard options shared by `connect`, `demo`, `serve` and `bench`. What a flag leaves unsaid comes
/// from `kwiktop.toml`, then from the built-in defaults.
struct DashboardFlags: ParsableArguments {
    @Option(
        help: "Theme name (from the themes directories) or path to a .theme file (default: kwiktop.toml's, or default)."
    )
    var theme: String?

    @Option(help: "Directory searched first for themes.")
    var themesDir: String?

    @Option(help: "Redraws per second: 1, 2, 4, 8 or 16 (default: kwiktop.toml's, or 4).")
    var refresh: Int?

    @Flag(help: "Draw graphs without braille or box-drawing characters.")
    var ascii = false

    @Flag(help: "Disable every key that changes a path or the scheduler.")
    var readonly = false

    @Flag(help: "Neither read nor write the settings file ($XDG_CONFIG_HOME/kwiktop/kwiktop.toml).")
    var noConfig = false

    func validate() throws {
        if let refresh, !DashboardState.refreshRates.contains(refresh) {
            throw ValidationError("--refresh must be 1, 2, 4, 8 or 16")
        }
        guard let theme else { return }
        let loader = ThemeLoader(themesDirectory: themesDir, environment: ProcessInfo.processInfo.environment)
        do {
            _ = try loader.load(theme)
        } catch .malformed(let file, let line, let reason) {
            // Still usable: the dashboard falls back to the default theme and shows where the error is.
            FileHandle.standardError.write(Data("kwiktop: \(file):\(line): \(reason); using the default theme\n".utf8))
        } catch {
            throw ValidationError("--theme \(theme): \(error)")
        }
    }

    var settingsFile: SettingsFile? {
        noConfig ? nil : SettingsFile.standard(environment: ProcessInfo.processInfo.environment)
    }

    /// The settings file as it is now, its problems printed on stderr (they stay there after the
    /// dashboard's screen is gone).
    func savedSettings() -> SettingsFile.Reading {
        guard let reading = settingsFile?.read() else {
            return SettingsFile.Reading(settings: DashboardSettings(), problems: [], isWritable: false)
        }
        for problem in reading.problems { FileHandle.standardError.write(Data("kwiktop: \(problem)\n".utf8)) }
        return reading
    }

    func options() -> DashboardOptions {
        let saved = savedSettings()
        var options = DashboardOptions(
            refreshHz: refresh ?? saved.settings.refreshHz ?? 4, averagingWindow: saved.settings.averagingWindow ?? 1,
            theme: theme ?? saved.settings.theme ?? "default", themesDirectory: themesDir, settings: saved.settings,
            settingsFile: saved.isWritable ? settingsFile : nil, readOnly: readonly, ascii: ascii)
        options.settingsProblem = saved.problems.first
        return options
    }

    /// Shows the session until the user quits; then ends it. Returns the exit status.
    func show(_ session: Session) -> Int32 {
        do {
            try TerminalDashboard().run(
                snapshot: { session.snapshot() }, control: SessionControl(session: session), options: options())
        } catch {
            session.finish()
            return Console.dashboardFailure(error).rawValue
        }
        session.finish()
        let final = session.snapshot()
        if let problem = Verdict.problem(with: final, receives: session.receives, sends: session.sends),
            final.corruptBytes > 0 || final.deliveryOrderViolations > 0
        {
            _ = Console.failure(problem)
            return 1
        }
        return 0
    }
}
