import ArgumentParser
import Foundation
import KwikCore
import KwikDashboard
import KwikSnapshot
import KwikTerminal

/// Dashboard options shared by `connect` and `demo`.
struct DashboardFlags: ParsableArguments {
    @Option(help: "Theme name (from the themes directories) or path to a .theme file.")
    var theme = "default"

    @Option(help: "Directory searched first for themes.")
    var themesDir: String?

    @Option(help: "Redraws per second: 1, 2, 4, 8 or 16.")
    var refresh = 4

    @Flag(help: "Draw graphs without braille or box-drawing characters.")
    var ascii = false

    @Flag(help: "Disable every key that changes a path or the scheduler.")
    var readonly = false

    func validate() throws {
        guard [1, 2, 4, 8, 16].contains(refresh) else { throw ValidationError("--refresh must be 1, 2, 4, 8 or 16") }
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

    func options() -> DashboardOptions {
        DashboardOptions(
            refreshHz: refresh, averagingWindow: 1, theme: theme, themesDirectory: themesDir,
            readOnly: readonly, ascii: ascii)
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
