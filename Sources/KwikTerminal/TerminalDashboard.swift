import CNcurses
import Foundation
import KwikDashboard
import KwikSnapshot

/// The interactive screens on an ncurses terminal: the session dashboard and the live view of
/// `kwiktop bench`. All decisions (keys, layout, text) are made by KwikDashboard; this type only sets
/// the terminal up, feeds it input and readings, and copies frames out (see ``TerminalHost``).
public struct TerminalDashboard {
    public init() {}

    /// Runs until the user quits (`q`, Ctrl-C, SIGINT or SIGTERM). The terminal is restored on every exit path.
    ///
    /// - Parameters:
    ///   - snapshot: called once per frame for the session's current metrics.
    ///   - control: receives the path, scheduler and reset commands from the keys.
    ///   - options: start-up settings.
    public func run(
        snapshot: @Sendable () -> SessionSnapshot, control: any SessionControlling, options: DashboardOptions
    ) throws {
        try TerminalHost.run(
            options: options,
            makeState: { context in
                var state = DashboardState(
                    refreshHz: options.refreshHz, averagingWindow: options.averagingWindow,
                    themeName: context.themeName,
                    themeNames: context.themeNames, isReadOnly: options.readOnly, isASCII: context.isASCII,
                    screenWidth: context.width, screenHeight: context.height)
                state.statusMessage = context.themeWarning
                state.isMonochrome = context.isMonochrome
                state.adopt(options.settings)
                return state
            },
            update: { state in state.ingest(snapshot()) },
            handle: { state, input in state.apply(input).allSatisfy { Self.carryOut($0, on: control) } })
    }

    /// The server's dashboard: its session list, and the view of a session opened from it. Runs until
    /// the user quits, like ``run(snapshot:control:options:)``; the caller stops the server.
    ///
    /// - Parameters:
    ///   - snapshot: called once per frame for the server's sessions.
    ///   - control: ends sessions, stops or resumes new ones, and acts on an opened session's paths.
    public func runServer(
        snapshot: @Sendable () -> ServerSnapshot, control: any ServerControlling, options: DashboardOptions
    ) throws {
        try TerminalHost.run(
            options: options,
            makeState: { context in
                var state = ServerViewState(
                    refreshHz: options.refreshHz, averagingWindow: options.averagingWindow,
                    themeName: context.themeName, themeNames: context.themeNames, isReadOnly: options.readOnly,
                    isASCII: context.isASCII, screenWidth: context.width, screenHeight: context.height)
                state.statusMessage = context.themeWarning
                state.isMonochrome = context.isMonochrome
                state.sessionSettings = options.settings
                return state
            },
            update: { state in state.ingest(snapshot()) },
            handle: { state, input in
                for command in state.apply(input) {
                    switch command {
                    case .quit: return false
                    case .endSession(let id): control.endSession(id)
                    case .setAcceptsNewSessions(let accepts): control.setAcceptsNewSessions(accepts)
                    case .session(let id, let command):
                        guard let session = control.session(id) else {
                            state.statusMessage = "session \(ServerViewState.shortID(id)) has ended"
                            continue
                        }
                        guard Self.carryOut(command, on: session) else { return false }
                    }
                }
                return true
            })
    }

    /// The live view of `kwiktop bench`: a header with the running mode, its phase and a progress bar
    /// over all modes, the results table filling in mode by mode, and the running mode's paths and
    /// throughput. Runs until the user quits (`q`, Ctrl-C, SIGINT or SIGTERM), so the final results
    /// stay on screen after the last mode; the terminal is restored on every exit path. It does not
    /// stop the bench: the caller does that once this returns.
    ///
    /// - Parameters:
    ///   - progress: called once per frame (at `options.refreshHz`) for where the bench stands.
    ///   - options: start-up settings; `averagingWindow` and `readOnly` are not used.
    public func runBench(progress: @Sendable () -> BenchProgress, options: DashboardOptions) throws {
        try TerminalHost.run(
            options: options,
            makeState: { context in
                var state = BenchViewState(
                    refreshHz: options.refreshHz, themeName: context.themeName, themeNames: context.themeNames,
                    isASCII: context.isASCII, screenWidth: context.width, screenHeight: context.height)
                state.statusMessage = context.themeWarning
                state.isMonochrome = context.isMonochrome
                return state
            },
            update: { state in state.ingest(progress()) },
            handle: { state, input in !state.apply(input).contains(.quit) })
    }

    /// The live view of `kwiktop bench --aggregation`: the results table filling in run by run, the
    /// running row with its live goodput and progress. Like ``runBench(progress:options:)``, it runs
    /// until the user quits and does not stop the bench.
    public func runAggregationBench(progress: @Sendable () -> AggregationProgress, options: DashboardOptions) throws {
        try TerminalHost.run(
            options: options,
            makeState: { context in
                var state = AggregationViewState(
                    refreshHz: options.refreshHz, themeName: context.themeName, themeNames: context.themeNames,
                    isASCII: context.isASCII, screenWidth: context.width, screenHeight: context.height)
                state.statusMessage = context.themeWarning
                return state
            },
            update: { state in state.ingest(progress()) },
            handle: { state, input in !state.apply(input).contains(.quit) })
    }

    /// `kwiktop mptcp`: the kernel's MPTCP connections and the selected one's subflows. Runs until the
    /// user quits, like the others.
    ///
    /// - Parameters:
    ///   - report: called once per frame for the latest report (the caller decides how often to read
    ///     the kernel).
    ///   - filter: what `--filter` keeps, for the title; nil when everything is shown.
    ///   - notice: shown in the footer at the start (MPTCP disabled, say).
    ///   - eventsNotice: why the event log is empty for good (no permission to follow the path manager).
    ///   - change: carries out a confirmed endpoint change; returns why it failed, nil when done.
    public func runMPTCP(
        report: @Sendable () -> MPTCPReport?, filter: String?, notice: String?, eventsNotice: String? = nil,
        options: DashboardOptions, change: @Sendable (MPTCPViewCommand) -> String?
    ) throws {
        try TerminalHost.run(
            options: options,
            makeState: { context in
                var state = MPTCPViewState(
                    refreshHz: options.refreshHz, themeName: context.themeName, themeNames: context.themeNames,
                    isASCII: context.isASCII, screenWidth: context.width, screenHeight: context.height)
                state.statusMessage = context.themeWarning ?? notice
                state.filterDescription = filter
                state.eventsNotice = eventsNotice
                // `--readonly`: the endpoint keys only say they are off.
                state.isReadOnly = options.readOnly
                return state
            },
            update: { state in if let latest = report() { state.ingest(latest) } },
            handle: { state, input in
                let commands = state.apply(input)
                for command in commands where command != .quit { state.carriedOut(command, failure: change(command)) }
                return !commands.contains(.quit)
            })
    }
}

extension TerminalDashboard {
    /// Hands one of a session view's commands to its session; false when it asks to quit.
    fileprivate static func carryOut(_ command: DashboardCommand, on control: any SessionControlling) -> Bool {
        switch command {
        case .quit: return false
        case .path(let action, let id): control.perform(action, onPath: id)
        case .setScheduler(let scheduler): control.setScheduler(scheduler)
        case .resetCounters: control.resetCounters()
        }
        return true
    }
}

extension DashboardState: TerminalScreenState {
    func render(into grid: inout CellGrid) { Screen.render(self, into: &grid) }
}

extension ServerViewState: TerminalScreenState {
    func render(into grid: inout CellGrid) { SessionListScreen.render(self, into: &grid) }
}

extension BenchViewState: TerminalScreenState {
    func render(into grid: inout CellGrid) { BenchScreen.render(self, into: &grid) }
}

extension MPTCPViewState: TerminalScreenState {
    func render(into grid: inout CellGrid) { MPTCPScreen.render(self, into: &grid) }
}

extension AggregationViewState: TerminalScreenState {
    func render(into grid: inout CellGrid) { AggregationScreen.render(self, into: &grid) }
}
