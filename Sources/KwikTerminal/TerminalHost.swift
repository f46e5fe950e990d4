import CNcurses
import Foundation
import KwikDashboard
import Synchronization

/// Set from the SIGINT/SIGTERM handler, which may not touch anything else.
private let stopRequested = Atomic<Bool>(false)

/// What the shared run loop needs from a screen's state (``DashboardState``, ``BenchViewState``).
protocol TerminalScreenState {
    var refreshHz: Int { get }
    var themeName: String { get }
    var statusMessage: String? { get set }
    /// The settings this screen lets the user change, saved to `kwiktop.toml` when they do.
    var settings: DashboardSettings { get }
    var screenWidth: Int { get set }
    var screenHeight: Int { get set }
    func render(into grid: inout CellGrid)
}

/// What the terminal offers a screen's first state.
struct TerminalContext {
    var themeName: String
    var themeNames: [String]
    /// Why the `--theme` could not be used, if it could not.
    var themeWarning: String?
    var isASCII: Bool
    /// No colours to tell things apart (`NO_COLOR`, or a monochrome terminal).
    var isMonochrome: Bool
    var width: Int
    var height: Int
}

/// Terminal set-up and tear-down plus the run loop every screen shares: readings and redraws at the
/// state's refresh rate, keys read between frames (so they act at once whatever the rate), resizes,
/// theme changes, fading status messages, and quitting on `q`, Ctrl-C, SIGINT or SIGTERM.
enum TerminalHost {
    /// Takes the terminal over, runs until `handle` returns false or a signal asks to stop, and
    /// restores the terminal on every exit path.
    ///
    /// - Parameters:
    ///   - makeState: the screen's first state, from the terminal's size, charset and themes.
    ///   - update: takes a new reading, once per frame.
    ///   - handle: interprets one input; false quits.
    static func run<State: TerminalScreenState>(
        options: DashboardOptions, makeState: (TerminalContext) -> State, update: (inout State) -> Void,
        handle: (inout State, DashboardInput) -> Bool
    ) throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw TerminalError.notATerminal }
        setlocale(LC_ALL, "")
        let isUTF8 = kw_locale_is_utf8() != 0
        let term = options.environment["TERM"] ?? ""
        guard kw_start() != 0 else { throw TerminalError.cannotInitialize(term: term) }
        guard kw_can_address_cursor() != 0 else {
            endwin()
            throw TerminalError.cannotDraw(term: term)
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
            hasColors: has_colors(), colors: Int(kw_colors()), canChangeColor: can_change_color(),
            environment: options.environment)

        var loop = FrameLoop(
            options: options, colors: CursesColors(mode: colorMode), ascii: options.ascii || !isUTF8,
            makeState: makeState)
        loop.run(update: update, handle: handle)
    }
}

/// The state the run loop carries between frames.
private struct FrameLoop<State: TerminalScreenState> {
    var state: State
    var screen: CursesScreen
    let loader: ThemeLoader
    /// The `--theme` argument, which may be a path, under the name it loaded as.
    let initialTheme: (name: String, source: String)
    var appliedThemeName = ""
    /// Where changed settings go (nil: nowhere), what it held, and the settings last written.
    let settingsFile: SettingsFile?
    var storedSettings: DashboardSettings
    var savedSettings: DashboardSettings
    var grid = CellGrid(width: 0, height: 0)
    var presenter = GridPresenter()
    /// Status messages fade after a few seconds so the footer goes back to the key hints.
    var shownStatus: (message: String, since: ContinuousClock.Instant)?
    static var statusLifetime: Duration { .seconds(5) }

    init(options: DashboardOptions, colors: CursesColors, ascii: Bool, makeState: (TerminalContext) -> State) {
        loader = ThemeLoader(themesDirectory: options.themesDirectory, environment: options.environment)
        let (theme, warning) = loader.loadOrDefault(options.theme)
        initialTheme = (theme.name, options.theme)
        var names = loader.availableThemeNames()
        if !names.contains(theme.name) { names.append(theme.name) }
        state = makeState(
            TerminalContext(
                themeName: theme.name, themeNames: names, themeWarning: warning, isASCII: ascii,
                isMonochrome: colors.mode == .none, width: Int(kw_width()), height: Int(kw_height())))
        if state.statusMessage == nil { state.statusMessage = options.settingsProblem }
        settingsFile = options.settingsFile
        storedSettings = options.settings
        savedSettings = state.settings
        if savedSettings.theme == initialTheme.name { savedSettings.theme = initialTheme.source }
        screen = CursesScreen(colors: colors)
        screen.colors.apply(theme)
        appliedThemeName = theme.name
    }

    mutating func run(update: (inout State) -> Void, handle: (inout State, DashboardInput) -> Bool) {
        let clock = ContinuousClock()
        var nextFrame = clock.now
        while !stopRequested.load(ordering: .relaxed) {
            let now = clock.now
            if now >= nextFrame {
                update(&state)
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
                presenter.invalidate(&screen)
                draw()
                continue
            case .ignored: continue
            }
            guard handle(&state, input) else { return }
            saveSettings()
            draw()
        }
    }

    private mutating func draw() {
        expireStatus()
        if state.themeName != appliedThemeName {
            let source = state.themeName == initialTheme.name ? initialTheme.source : state.themeName
            let (theme, warning) = loader.loadOrDefault(source)
            if let warning { state.statusMessage = warning }
            screen.colors.apply(theme)
            appliedThemeName = state.themeName
            presenter.invalidate(&screen)
        }
        let width = Int(kw_width()), height = Int(kw_height())
        state.screenWidth = width
        state.screenHeight = height
        if grid.width != width || grid.height != height {
            grid.reset(width: width, height: height)
        }
        state.render(into: &grid)
        presenter.present(grid, on: &screen)
    }

    /// Writes the settings file when a key changed a setting; a theme loaded from a path is kept as
    /// that path.
    private mutating func saveSettings() {
        guard let settingsFile else { return }
        var settings = state.settings
        if settings.theme == initialTheme.name { settings.theme = initialTheme.source }
        guard settings != savedSettings else { return }
        savedSettings = settings
        storedSettings = storedSettings.merging(settings)
        do {
            try settingsFile.write(storedSettings)
        } catch {
            state.statusMessage = "cannot save the settings to \(settingsFile.path): \(error.localizedDescription)"
        }
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
