import KwikSnapshot

/// Where each panel of the aggregation view goes: header, results table, footer. Same minimum size
/// as the main screen.
struct AggregationLayout: Equatable {
    let isTooSmall: Bool
    /// Boxed with two lines when tall enough, otherwise one plain line.
    private(set) var header = Rect.zero
    private(set) var isHeaderBoxed = false
    private(set) var table = Rect.zero
    private(set) var footer = Rect.zero

    init(width: Int, height: Int) {
        isTooSmall = width < Layout.minimumWidth || height < Layout.minimumHeight
        guard !isTooSmall else { return }
        isHeaderBoxed = height >= 20
        let headerHeight = isHeaderBoxed ? 4 : 1
        header = Rect(x: 0, y: 0, width: width, height: headerHeight)
        table = Rect(x: 0, y: headerHeight, width: width, height: height - headerHeight - 1)
        footer = Rect(x: 0, y: height - 1, width: width, height: 1)
    }
}

/// Renders an ``AggregationViewState`` into a ``CellGrid`` of the grid's current size. Pure: the same
/// state and size always give the same cells.
public enum AggregationScreen {
    static let title = "kwiktop bench --aggregation"
    static let hints: [(key: String, action: String)] = [
        ("q", "quit"), ("?", "help"), ("↑↓", "scroll"), ("t", "theme"),
    ]

    static let helpLines: [(keys: String, meaning: String)] = [
        ("↑↓ j k", "scroll the table"),
        ("enter f", "follow the running row again"),
        ("t", "next theme"),
        ("?", "this help"),
        ("esc", "close this help"),
        ("q ctrl-c", "quit (the bench stops)"),
        ("", ""),
        ("path N", "the case's path N alone, as the only path of a session"),
        ("all", "every path of the case in one session"),
        ("rate", "what the shaping lets through: the path's, or the sum"),
        ("×rate", "goodput ÷ rate (green from 0.95)"),
        ("×best", "all ÷ the best path alone (green from 0.95)"),
    ]

    public static func render(_ state: AggregationViewState, into grid: inout CellGrid) {
        grid.clear()
        var canvas = Canvas(grid: CellGrid(width: 0, height: 0), glyphs: .forMode(ascii: state.isASCII))
        swap(&canvas.grid, &grid)
        defer { swap(&canvas.grid, &grid) }

        let layout = AggregationLayout(width: canvas.grid.width, height: canvas.grid.height)
        if layout.isTooSmall {
            Screen.drawTooSmall(&canvas)
            return
        }
        drawHeader(state, layout: layout, on: &canvas)
        AggregationResultsPanel.draw(state, in: layout.table, on: &canvas)
        var status = state.statusMessage
        if status == nil, state.isFinished { status = "finished — q to quit" }
        FooterPanel.draw(status: status, hints: hints, ascii: state.isASCII, in: layout.footer, on: &canvas)
        if state.overlay == .help {
            let screen = Rect(x: 0, y: 0, width: canvas.grid.width, height: canvas.grid.height)
            HelpOverlay.draw(lines: helpLines, in: screen, on: &canvas)
        }
    }

    private static func drawHeader(_ state: AggregationViewState, layout: AggregationLayout, on canvas: inout Canvas) {
        let rect = layout.header
        let boxed = layout.isHeaderBoxed
        if boxed { canvas.box(rect, role: .headerBox, title: title) }
        let startX = boxed ? rect.x + 2 : rect.x, endX = boxed ? rect.maxX - 2 : rect.maxX
        var first = LineWriter(x: startX, y: boxed ? rect.y + 1 : rect.y, endX: endX)
        guard let progress = state.progress else {
            first.append(&canvas, [("waiting for the first run to start", .dim)], startX: startX)
            return
        }
        let run = runSegments(progress, naming: true)
        let fits = run.reduce(0) { $0 + $1.0.unicodeScalars.count } <= endX - first.x
        first.append(&canvas, fits ? run : runSegments(progress, naming: false), startX: startX)
        drawBar(progress.overallFraction, from: &first, on: &canvas)
        first.append(
            &canvas, [("\(progress.report.runs.count)/\(progress.report.plan.count) runs", .dim)], startX: startX)
        guard boxed else { return }
        var second = LineWriter(x: startX, y: rect.y + 2, endX: endX)
        if let session = progress.session, !progress.isFinished {
            second.append(
                &canvas, [("live ", .label), (Units.rate(progress.liveGoodputBps ?? 0), .value)], startX: startX)
            second.append(
                &canvas, [("delivered ", .label), (Units.bytes(session.deliveredBytes), .value)], startX: startX)
            let rtts = session.paths.map { $0.rtt.map { Units.microseconds($0.smoothed) } ?? "-" }
            second.append(&canvas, [("srtt ", .label), (rtts.joined(separator: " / "), .value)], startX: startX)
            second.append(
                &canvas, [("reorder hw ", .label), ("\(session.reorderHighWater)", .value)], startX: startX)
        } else {
            second.append(&canvas, [(boundText(progress.report.bound), .dim)], startX: startX)
            let failed = progress.report.runs.filter { $0.problem != nil }.count
            let verdict: (String, StyleRole) =
                failed == 0 ? ("every byte verified", .good) : ("\(failed) failed", .bad)
            if !progress.report.runs.isEmpty { second.append(&canvas, [verdict], startX: startX) }
        }
    }

    /// `run 5 15mbit/1ms+5mbit/25ms · path 2 · ecf · measuring` (without the case unless `naming`), or
    /// where the bench stands.
    private static func runSegments(_ progress: AggregationProgress, naming: Bool) -> [(String, StyleRole)] {
        if progress.isFinished { return [("finished", .good)] }
        guard let current = progress.current else { return [("starting", .dim)] }
        let index = (progress.report.plan.firstIndex(of: current) ?? 0) + 1
        let phase: (String, StyleRole) = progress.phase == .warmup ? ("warm-up", .warn) : ("measuring", .accent)
        let name: [(String, StyleRole)] = naming ? [(progress.report.cases[current.caseIndex].name + " ", .accent)] : []
        return [("run \(index) ", .label)] + name + [
            ("· \(current.subset) · ", .dim), (current.scheduler.rawValue, .value), (" · ", .dim), phase,
        ]
    }

    static func boundText(_ bound: AggregationBound) -> String {
        switch bound {
        case .timed(let warmup, let duration):
            "each run: \(Units.uptime(warmup)) warm-up, then \(Units.uptime(duration)) measured"
        case .bytes(let count): "each run: \(Units.bytes(count)), timed from start to completion"
        }
    }

    /// A progress bar over every run, then its percentage, as wide as the line allows (10 to 40 cells).
    private static func drawBar(_ fraction: Double, from line: inout LineWriter, on canvas: inout Canvas) {
        let percent = " " + Units.percent(fraction, decimals: 0)
        let barWidth = min(40, line.endX - line.x - 2 - percent.count)
        guard barWidth >= 10 else { return }
        let filled = min(barWidth, Int((fraction * Double(barWidth)).rounded(.down)))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: barWidth - filled)
        line.append(&canvas, [(bar, .good), (percent, .value)], startX: -1)
    }
}
