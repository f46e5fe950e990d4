import CNcurses
import Foundation
import KwikDashboard
import KwikMetrics
import Synchronization

/// Set from the SIGINT/SIGTERM handler, which may not touch anything else.
private let stopRequested = Atomic<Bool>(false)

/// The interactive dashboard on an ncurses terminal. All decisions (keys, layout, text) are made by
/// KwikDashboard; this type only sets the terminal up, feeds it input and snapshots, and copies frames out.
public struct TerminalDashboard {
    public init() {}

    /// Runs until the user quits (`q`, Ctrl-C, SIGINT or SIGTERM). The terminal is restored on every exit path.
    ///
    /// - Parameters:
    ///   - snapshot: called once per frame for the session's current metrics.
    ///   - control: receives the path, scheduler and reset commands from the keys.
    ///   - options: start-up settings.
    ///   - averagingWindowChanged: called when Tab picks a new averaging window (seconds), since
    ///     ``SessionControlling`` has no such request.
    public func run(
        snapshot: @Sendable () -> SessionSnapshot, control: any SessionControlling, options: DashboardOptions,
        averagingWindowChanged: @Sendable (Double) -> Void = { _ in }
    ) throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw TerminalError.notATerminal }
        setlocale(LC_ALL, "")
        let isUTF8 = kw_locale_is_utf8() != 0
        guard kw_start() != 0 else {
            throw TerminalError.cannotInitialize(term: options.environment["TERM"] ?? "")
        }
        stopRequested.store(false, ordering: .relaxed)
        let previousInterrupt = signal(SIGINT) { _ in stopRequested.store(true, ordering: .relaxed) }
        let previousTerminate = signal(SIGTERM) { _ in stopRequested.store(true, ordering: .relaxed) }
        defer {
            endwin()
            signal(SIGINT, previousInterrupt)
            signal(SIGTERM, previousTerminate)
        }
        // raw(): Ctrl-C arrives as a key, so quitting takes the same path as `q`.
        raw()
        noecho()
        curs_set(0)
        _ = kw_keypad(1)
        set_escdelay(25)
        mouseinterval(0)
        mousemask(kw_button1_mask(), nil)

        // COLORS is only known after start_color().
        if has_colors() {
            start_color()
            use_default_colors()
        }
        let colorMode = ColorMode.detect(
            hasColors: has_colors(), colors: Int(kw_colors()), canChangeColor: can_change_color(), environment: options.environment)

        var loop = RunLoop(
            options: options, colors: CursesColors(mode: colorMode), ascii: options.ascii || !isUTF8)
        loop.run(snapshot: snapshot, control: control, averagingWindowChanged: averagingWindowChanged)
    }
}

/// The state the run loop carries between frames.
private struct RunLoop {
    var state: DashboardState
    var colors: CursesColors
    let loader: ThemeLoader
    /// The `--theme` argument, which may be a path, under the name it loaded as.
    let initialTheme: (name: String, source: String)
    var appliedThemeName = ""
    var grid = CellGrid(width: 0, height: 0)
    var presenter = GridPresenter()
    /// Status messages fade after a few seconds so the footer goes back to the key hints.
    var shownStatus: (message: String, since: ContinuousClock.Instant)?
    static let statusLifetime = Duration.seconds(5)

    init(options: DashboardOptions, colors: CursesColors, ascii: Bool) {
        loader = ThemeLoader(
            themesDirectory: options.themesDirectory, environment: options.environment,
            bundledDirectory: options.bundledThemesDirectory)
        let (theme, warning) = loader.loadOrDefault(options.theme)
        initialTheme = (theme.name, options.theme)
        var names = loader.availableThemeNames()
        if !names.contains(theme.name) { names.append(theme.name) }
        state = DashboardState(
            refreshHz: options.refreshHz, averagingWindow: options.averagingWindow, themeName: theme.name, themeNames: names,
            isReadOnly: options.readOnly, isASCII: ascii, screenWidth: Int(kw_width()), screenHeight: Int(kw_height()))
        state.statusMessage = warning
        self.colors = colors
        self.colors.apply(theme)
        appliedThemeName = theme.name
    }

    mutating func run(
        snapshot: () -> SessionSnapshot, control: any SessionControlling, averagingWindowChanged: (Double) -> Void
    ) {
        let clock = ContinuousClock()
        var nextFrame = clock.now
        while !stopRequested.load(ordering: .relaxed) {
            let now = clock.now
            if now >= nextFrame {
                state.ingest(snapshot())
                draw()
                nextFrame = now + .milliseconds(1000 / max(1, state.refreshHz))
            }
            // Short waits keep keys immediate whatever the refresh rate, and let the stop flag be seen.
            let wait = min(100, max(0, (nextFrame - clock.now) / .milliseconds(1)))
            timeout(Int32(wait))
            var value: wint_t = 0
            let status = get_wch(&value)
            guard status != ERR else { continue }

            let input: DashboardInput
            switch TerminalEvent.decode(status: status, value: UInt32(value)) {
            case .input(let decoded): input = decoded
            case .mouse:
                var x: Int32 = 0, y: Int32 = 0
                guard kw_read_click(&x, &y) != 0 else { continue }
                input = .click(MouseClick(x: Int(x), y: Int(y)))
            case .resize:
                presenter.invalidate()
                draw()
                continue
            case .ignored: continue
            }
            for command in state.apply(input) {
                switch command {
                case .quit: return
                case .path(let action, let id): control.perform(action, onPath: id)
                case .setScheduler(let scheduler): control.setScheduler(scheduler)
                case .resetCounters: control.resetCounters()
                case .setAveragingWindow(let seconds): averagingWindowChanged(seconds)
                }
            }
            draw()
        }
    }

    private mutating func draw() {
        expireStatus()
        if state.themeName != appliedThemeName {
            let source = state.themeName == initialTheme.name ? initialTheme.source : state.themeName
            let (theme, warning) = loader.loadOrDefault(source)
            if let warning { state.statusMessage = warning }
            colors.apply(theme)
            appliedThemeName = state.themeName
            presenter.invalidate()
        }
        let width = Int(kw_width()), height = Int(kw_height())
        state.screenWidth = width
        state.screenHeight = height
        if grid.width != width || grid.height != height {
            grid.reset(width: width, height: height)
        }
        Screen.render(state, into: &grid)
        presenter.present(grid, colors: colors)
    }

    private mutating func expireStatus() {
        guard let message = state.statusMessage else {
            shownStatus = nil
            return
        }
        let now = ContinuousClock.now
        if let shown = shownStatus, shown.message == message {
            if now - shown.since > Self.statusLifetime { state.statusMessage = nil }
        } else {
            shownStatus = (message, now)
        }
    }
}
