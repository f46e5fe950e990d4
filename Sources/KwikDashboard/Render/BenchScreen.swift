import KwikSnapshot

/// Where each panel of the bench view goes: header, results table, the running mode's path table,
/// its throughput graph when there is room, footer. Same minimum size as the main screen.
public struct BenchLayout: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public let isTooSmall: Bool
    /// Boxed with two lines when tall enough, otherwise one plain line.
    public private(set) var header = Rect.zero
    public private(set) var isHeaderBoxed = false
    public private(set) var results = Rect.zero
    public private(set) var paths: Rect?
    public private(set) var graph: Rect?
    public private(set) var footer = Rect.zero

    public init(width: Int, height: Int, state: BenchViewState) {
        self.width = width
        self.height = height
        isTooSmall = width < Layout.minimumWidth || height < Layout.minimumHeight
        guard !isTooSmall else { return }

        footer = Rect(x: 0, y: height - 1, width: width, height: 1)
        isHeaderBoxed = height >= 20
        let headerHeight = isHeaderBoxed ? 4 : 1
        header = Rect(x: 0, y: 0, width: width, height: headerHeight)
        var remaining = height - headerHeight - 1

        let modeCount = max(1, state.progress?.modes.count ?? ReaderMode.allCases.count)
        let resultsHeight = min(modeCount + 3, remaining)
        results = Rect(x: 0, y: headerHeight, width: width, height: resultsHeight)
        remaining -= resultsHeight

        let pathCount = max(1, state.live.paths.count)
        let tableWanted = pathCount + 3
        let tableMinimum = min(pathCount, 3) + 3
        // Smaller than the main screen's: the results table is what matters here, the graph is a bonus.
        let graphMinimum = 4
        guard remaining >= 4 else { return }
        let showGraph = remaining - tableMinimum >= graphMinimum
        let tableHeight =
            showGraph ? max(min(tableWanted, remaining - graphMinimum), tableMinimum) : min(tableWanted, remaining)
        paths = Rect(x: 0, y: results.maxY, width: width, height: tableHeight)
        remaining -= tableHeight
        if showGraph { graph = Rect(x: 0, y: results.maxY + tableHeight, width: width, height: remaining) }
    }
}

/// Renders a ``BenchViewState`` into a ``CellGrid`` of the grid's current size. Pure: the same state
/// and size always give the same cells.
public enum BenchScreen {
    static let hints: [(key: String, action: String)] = [("q", "quit"), ("?", "help"), ("t", "theme")]

    static let helpLines: [(keys: String, meaning: String)] = [
        ("t", "next theme"),
        ("?", "this help"),
        ("esc", "close this help"),
        ("q ctrl-c", "quit (the bench stops)"),
        ("", ""),
        ("allocs/pkt", "packet-buffer allocations / all heap allocations"),
        ("pool hit", "buffers reused from the path's pool"),
        ("p50 p99", "send to in-order delivery latency"),
        ("ord viol", "packets handed over out of path order"),
        ("reord hw", "reorder buffer high-water mark (packets)"),
        ("CPU s/GiB", "process CPU seconds per GiB delivered"),
        ("×N", "the figure relative to per-path"),
    ]

    public static func render(_ state: BenchViewState, into grid: inout CellGrid) {
        grid.clear()
        var canvas = Canvas(grid: CellGrid(width: 0, height: 0), glyphs: .forMode(ascii: state.isASCII))
        swap(&canvas.grid, &grid)
        defer { swap(&canvas.grid, &grid) }

        let layout = BenchLayout(width: canvas.grid.width, height: canvas.grid.height, state: state)
        if layout.isTooSmall {
            Screen.drawTooSmall(&canvas)
            return
        }
        drawHeader(state, layout: layout, on: &canvas)
        BenchResultsPanel.draw(state, in: layout.results, on: &canvas)
        if let rect = layout.paths {
            let table = Layout(table: rect, state: state.live)
            PathTablePanel.draw(state.live, layout: table, titlePrefix: liveTitle(state), on: &canvas)
        }
        if let rect = layout.graph { ThroughputGraphPanel.draw(state.graph, in: rect, on: &canvas) }
        var status = state.statusMessage
        if status == nil, state.isFinished { status = "finished — q to quit" }
        FooterPanel.draw(status: status, hints: hints, ascii: state.isASCII, in: layout.footer, on: &canvas)
        if state.overlay == .help {
            HelpOverlay.draw(
                lines: helpLines, in: Rect(x: 0, y: 0, width: layout.width, height: layout.height), on: &canvas)
        }
    }

    /// The results table as text `width` columns wide, as the live view last showed it, for the
    /// terminal once the view is gone.
    public static func resultsText(_ progress: BenchProgress, width: Int, ascii: Bool) -> String {
        var state = BenchViewState(isASCII: ascii, screenWidth: width)
        state.ingest(progress)
        var canvas = Canvas(
            grid: CellGrid(width: width, height: progress.modes.count + 3), glyphs: .forMode(ascii: ascii))
        BenchResultsPanel.draw(
            state, in: Rect(x: 0, y: 0, width: width, height: canvas.grid.height), on: &canvas)
        return canvas.grid.text
    }

    private static func liveTitle(_ state: BenchViewState) -> String? {
        guard let mode = state.liveMode else { return nil }
        return state.isFinished ? "\(mode.rawValue) (last run)" : mode.rawValue
    }

    private static func phaseText(_ phase: BenchProgress.Phase) -> (String, StyleRole) {
        switch phase {
        case .warmup: ("warm-up", .warn)
        case .measuring: ("measuring", .accent)
        case .finished: ("finished", .good)
        }
    }

    private static func drawHeader(_ state: BenchViewState, layout: BenchLayout, on canvas: inout Canvas) {
        let rect = layout.header
        guard let progress = state.progress else {
            if layout.isHeaderBoxed { canvas.box(rect, role: .headerBox, title: "kwiktop bench") }
            let y = layout.isHeaderBoxed ? rect.y + 1 : rect.y
            let x = layout.isHeaderBoxed ? rect.x + 2 : rect.x
            let waiting = "kwiktop bench · waiting for the first mode to start"
            canvas.text(waiting, x: x, y: y, width: rect.maxX - x - 1, role: .dim)
            return
        }
        let modeSegments: [(String, StyleRole)]
        if state.isFinished {
            modeSegments = [("finished — q to quit", .good)]
        } else if let current = progress.current {
            let index = (progress.modes.firstIndex(of: current) ?? 0) + 1
            let (phase, role) = phaseText(progress.phase)
            var segments: [(String, StyleRole)] = [
                ("mode ", .label), (current.rawValue, .accent), (" \(index)/\(progress.modes.count)", .dim),
            ]
            if progress.runs > 1 { segments += [(" · run ", .label), ("\(progress.run)/\(progress.runs)", .value)] }
            modeSegments = segments + [(" · ", .dim), (phase, role)]
        } else {
            modeSegments = [("starting", .dim)]
        }
        let done = state.isFinished ? progress.modes.count : min(progress.results.count, progress.modes.count)
        var doneText = "\(done)/\(progress.modes.count) modes done"
        if !state.isFinished, progress.secondsPerMode > 0 {
            let left = (1 - state.overallFraction) * Double(progress.modes.count) * progress.secondsPerMode
            doneText += " · about \(Units.uptime(left)) left"
        }

        guard layout.isHeaderBoxed else {
            var line = LineWriter(x: rect.x, y: rect.y, endX: rect.maxX)
            line.append(&canvas, [("kwiktop bench", .title)], startX: rect.x)
            line.append(&canvas, modeSegments, startX: rect.x)
            line.append(&canvas, [("all", .label)], startX: rect.x)
            drawBar(state.overallFraction, from: &line, maximumBar: 30, on: &canvas)
            return
        }
        canvas.box(rect, role: .headerBox, title: "kwiktop bench")
        let (phase, phaseRole) = phaseText(progress.phase)
        canvas.writeRightAligned(" \(phase) ", endX: rect.maxX - 2, y: rect.y, role: phaseRole)

        let startX = rect.x + 2, endX = rect.maxX - 2
        var first = LineWriter(x: startX, y: rect.y + 1, endX: endX)
        first.append(&canvas, modeSegments, startX: startX)
        first.append(&canvas, [("all modes", .label)], startX: startX)
        drawBar(state.overallFraction, from: &first, maximumBar: 36, on: &canvas)
        first.append(&canvas, [(doneText, .dim)], startX: startX)

        var second = LineWriter(x: startX, y: rect.y + 2, endX: endX)
        if state.isFinished {
            let modes = progress.modes.map(\.rawValue).joined(separator: " → ")
            second.append(&canvas, [("ran ", .label), (modes, .value)], startX: startX)
            if progress.results.contains(where: { $0.mode == .perPath }) {
                second.append(&canvas, [("×N", .value), (" compares a figure with per-path", .dim)], startX: startX)
            }
        } else if let session = state.live.snapshot {
            second.append(
                &canvas, [("live goodput ", .label), (Units.rate(state.live.rates.goodputBps), .value)], startX: startX)
            second.append(
                &canvas, [("delivered ", .label), (Units.bytes(session.deliveredBytes), .value)], startX: startX)
            second.append(
                &canvas, [("reorder ", .label), ("\(session.reorderDepth)/\(session.reorderHighWater)", .value)],
                startX: startX)
            let violations = session.paths.reduce(0) { $0 + $1.orderingViolations }
            second.append(
                &canvas, [("ord viol ", .label), (Units.count(violations), violations == 0 ? .good : .bad)],
                startX: startX)
            second.append(&canvas, [("up ", .label), (Units.uptime(session.uptime), .value)], startX: startX)
        } else {
            second.append(&canvas, [("waiting for the session", .dim)], startX: startX)
        }
    }

    /// A progress bar over all modes followed by its percentage, as wide as the line allows (at most
    /// `maximumBar` cells, at least 10).
    private static func drawBar(
        _ fraction: Double, from line: inout LineWriter, maximumBar: Int, on canvas: inout Canvas
    ) {
        let percent = " " + Units.percent(fraction, decimals: 0)
        let gap = 2
        let room = line.endX - line.x - gap - percent.count
        let barWidth = min(maximumBar, room)
        guard barWidth >= 10 else { return }
        let filled = min(barWidth, Int((fraction * Double(barWidth)).rounded(.down)))
        let bar = String(repeating: "█", count: filled)
        let empty = String(repeating: "░", count: barWidth - filled)
        line.append(&canvas, [(bar, .good), (empty, .dim), (percent, .value)], startX: -1)
    }
}
