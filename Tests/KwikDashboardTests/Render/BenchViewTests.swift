import KwikDashboard
import KwikSnapshot
import KwikTestSupport
import Testing

/// The live view of `kwiktop bench`: whole frames, cell roles, and its state and keys.
struct BenchFrameTests {
    @Test(arguments: [(120, 40), (80, 24)], BenchFixtures.Stage.allCases)
    func frame(size: (Int, Int), stage: BenchFixtures.Stage) throws {
        let state = BenchFixtures.state(stage, width: size.0, height: size.1)
        try FrameSnapshotTests.assertFrame(
            BenchFixtures.frame(state), named: "bench-\(stage.rawValue)-\(size.0)x\(size.1)")
    }

    @Test func tooSmall() throws {
        let state = BenchFixtures.state(.measuring, width: 50, height: 12)
        let grid = BenchFixtures.frame(state)
        #expect(grid.text.contains("terminal too small"))
        try FrameSnapshotTests.assertFrame(grid, named: "bench-too-small-50x12")
    }

    @Test func helpOverlay() throws {
        var state = BenchFixtures.state(.finished, width: 80, height: 24)
        _ = state.apply(.key(.character("?")))
        try FrameSnapshotTests.assertFrame(BenchFixtures.frame(state), named: "bench-help-80x24")
    }

    @Test func shortTerminalKeepsResultsAndShrinksTheRest() throws {
        let state = BenchFixtures.state(.measuring, width: 70, height: 17)
        let layout = BenchLayout(width: 70, height: 17, state: state)
        #expect(!layout.isHeaderBoxed)
        #expect(layout.graph?.height == 4)
        try FrameSnapshotTests.assertFrame(BenchFixtures.frame(state), named: "bench-measuring-70x17")

        let smallest = BenchLayout(width: 60, height: 16, state: state)
        #expect(!smallest.isTooSmall)
        #expect(smallest.results.height == 6, "every mode keeps its row")
        #expect(smallest.paths?.height == 5)
        #expect(smallest.graph == nil)
    }

    @Test func asciiModeHasOnlyASCII() {
        for stage in BenchFixtures.Stage.allCases {
            let text = BenchFixtures.frame(BenchFixtures.state(stage, width: 120, height: 40, ascii: true)).text
            #expect(text.unicodeScalars.allSatisfy { $0.isASCII }, "\(stage)")
        }
    }

    @Test func reusedGridRendersLikeAFreshOne() {
        let finished = BenchFixtures.state(.finished, width: 120, height: 40)
        var grid = CellGrid(width: 120, height: 40)
        BenchScreen.render(finished, into: &grid)
        let warmup = BenchFixtures.state(.warmup, width: 120, height: 40)
        BenchScreen.render(warmup, into: &grid)
        #expect(grid == BenchFixtures.frame(warmup))
    }

    // MARK: - Cells

    /// The row of the results table showing `mode` and the text of every line.
    private func row(
        _ mode: ReaderMode, in grid: CellGrid
    ) throws -> (y: Int, titles: [Unicode.Scalar], line: [Unicode.Scalar]) {
        let lines = grid.text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.unicodeScalars) }
        let titleY = try #require(lines.firstIndex { String(String.UnicodeScalarView($0)).contains("allocs/pkt") })
        let y = try #require(
            lines.indices.first {
                $0 > titleY && String(String.UnicodeScalarView(lines[$0])).contains("│ \(mode.rawValue) ")
            })
        return (y, lines[titleY], lines[y])
    }

    /// Column where `title` ends on the title line (values are right-aligned to it).
    private func end(of title: String, in line: [Unicode.Scalar]) throws -> Int {
        let needle = Array(title.unicodeScalars)
        let start = try #require(line.indices.first { line[$0...].starts(with: needle) })
        return start + needle.count
    }

    private func start(of text: String, in line: [Unicode.Scalar]) throws -> Int {
        let needle = Array(text.unicodeScalars)
        return try #require(line.indices.first { line[$0...].starts(with: needle) })
    }

    @Test func orderingViolationsAndAllocationsAreColouredByMeaning() throws {
        let grid = BenchFixtures.frame(BenchFixtures.state(.finished, width: 120, height: 40))
        let perPath = try row(.perPath, in: grid)
        let orderEnd = try end(of: "ord viol", in: perPath.titles)
        #expect(grid[orderEnd - 1, perPath.y] == Cell("0", .good))

        let globalPool = try row(.globalPool, in: grid)
        #expect(grid[orderEnd - 1, globalPool.y].role == .bad)
        #expect(String(String.UnicodeScalarView(globalPool.line)).contains("41.3k"))

        let naive = try row(.naive, in: grid)
        let allocations = try start(of: "1.00 / 3.05", in: naive.line)
        #expect(grid[allocations, naive.y] == Cell("1", .bad))
        #expect(grid[allocations + 7, naive.y] == Cell("3", .bad))
        let perPathAllocations = try start(of: "0.00 / 0.02", in: perPath.line)
        #expect(grid[perPathAllocations, perPath.y] == Cell("0", .good))
    }

    @Test func figuresCarryTheirRatioToPerPath() throws {
        let grid = BenchFixtures.frame(BenchFixtures.state(.finished, width: 120, height: 40))
        let globalPool = try row(.globalPool, in: grid)
        let text = String(String.UnicodeScalarView(globalPool.line))
        #expect(text.contains("1.49 Gbit/s ×0.62"))
        let ratio = try start(of: "×0.62", in: globalPool.line)
        #expect(grid[ratio, globalPool.y].role == .warn, "lower goodput is worse")
        let perPath = String(String.UnicodeScalarView(try row(.perPath, in: grid).line))
        #expect(!perPath.contains("×"), "per-path is the reference")
    }

    @Test func pendingAndRunningRows() throws {
        let grid = BenchFixtures.frame(BenchFixtures.state(.measuring, width: 120, height: 40))
        let naive = String(String.UnicodeScalarView(try row(.naive, in: grid).line))
        #expect(naive.contains("running · measuring · 67 % of this mode"))
        let warmup = BenchFixtures.frame(BenchFixtures.state(.warmup, width: 120, height: 40))
        let pending = String(String.UnicodeScalarView(try row(.globalPool, in: warmup).line))
        #expect(pending.contains("…"))
        #expect(!pending.contains("running"))
    }

    @Test func finishedSaysSo() {
        let text = BenchFixtures.frame(BenchFixtures.state(.finished, width: 80, height: 24)).text
        #expect(text.contains("finished — q to quit"))
    }
}

struct BenchStateTests {
    func press(_ key: Key, on state: inout BenchViewState) -> [DashboardCommand] { state.apply(.key(key)) }
    func press(_ character: Character, on state: inout BenchViewState) -> [DashboardCommand] {
        state.apply(.key(.character(character)))
    }

    @Test func quitKeys() {
        var state = BenchFixtures.state(.measuring, width: 120, height: 40)
        #expect(press("q", on: &state) == [.quit])
        #expect(press(.interrupt, on: &state) == [.quit])
        var finished = BenchFixtures.state(.finished, width: 120, height: 40)
        #expect(press("q", on: &finished) == [.quit])
    }

    @Test func helpOpensAndCloses() {
        var state = BenchFixtures.state(.warmup, width: 120, height: 40)
        #expect(press("?", on: &state) == [])
        #expect(state.overlay == .help)
        _ = press(.escape, on: &state)
        #expect(state.overlay == .none)
        _ = press("?", on: &state)
        _ = press("?", on: &state)
        #expect(state.overlay == .none)
    }

    @Test func themesCycle() {
        var state = BenchFixtures.state(.warmup, width: 120, height: 40)
        _ = press("t", on: &state)
        #expect(state.themeName == "light")
        #expect(state.statusMessage == "theme light")
        _ = press("t", on: &state)
        _ = press("t", on: &state)
        #expect(state.themeName == "default")
    }

    @Test func pathActionsAreNotOffered() {
        var state = BenchFixtures.state(.measuring, width: 120, height: 40)
        let before = state
        for key: Key in [
            .character("1"), .character(" "), .character("x"), .character("b"), .character("s"), .character("r"), .down,
            .tab,
        ] {
            #expect(press(key, on: &state) == [])
        }
        #expect(state.apply(.click(MouseClick(x: 5, y: 14))) == [])
        #expect(state.live == before.live)
        #expect(state.statusMessage?.contains("path and session keys are off") == true)
    }

    @Test func progressCountsModesDoneAndTheCurrentFraction() {
        #expect(BenchViewState().overallFraction == 0)
        let measuring = BenchFixtures.state(.measuring, width: 120, height: 40)
        #expect(abs(measuring.overallFraction - (2 + 32.0 / 48) / 3) < 1e-9)
        #expect(BenchFixtures.state(.finished, width: 120, height: 40).overallFraction == 1)
    }

    /// The header labels its bar as all modes' and says about how long is left.
    @Test func theHeaderSaysHowMuchIsLeft() {
        let text = BenchFixtures.frame(BenchFixtures.state(.measuring, width: 120, height: 40)).text
        #expect(text.contains("all modes  ███"))
        #expect(text.contains("2/3 modes done · about 4.0s left"), "a third of a 12 s mode is left")
        let finished = BenchFixtures.frame(BenchFixtures.state(.finished, width: 120, height: 40)).text
        #expect(!finished.contains(" left"))
    }

    /// Columns keep their place from the first mode to the last, ratios included.
    @Test func columnsDoNotMoveAsResultsComeIn() throws {
        func titles(_ stage: BenchFixtures.Stage) -> Substring? {
            BenchFixtures.frame(BenchFixtures.state(stage, width: 120, height: 40)).text.split(separator: "\n")
                .first { $0.contains("allocs/pkt") }
        }
        let warmup = try #require(titles(.warmup))
        #expect(warmup == titles(.measuring))
        #expect(warmup == titles(.finished))
    }

    /// The graph keeps every mode's run on one time axis, not only the last one's.
    @Test func theGraphShowsEveryMode() {
        let finished = BenchFixtures.state(.finished, width: 120, height: 40)
        #expect(finished.graph.history.sampleCount > 2 * finished.live.history.sampleCount)
        #expect(finished.graph.graphSpan == 60, "three 12 s modes, with room to spare")
    }

    @Test func eachModeStartsAFreshSessionViewAndTheLastOneStays() {
        let measuring = BenchFixtures.state(.measuring, width: 120, height: 40)
        #expect(measuring.liveMode == .naive)
        // 32 readings a step apart: the first starts the series.
        #expect(measuring.live.history.sampleCount == 31, "warm-up and measurement of naive only")
        #expect(measuring.live.selectedPathID == nil)
        var finished = BenchFixtures.state(.finished, width: 120, height: 40)
        #expect(finished.liveMode == .naive)
        let samples = finished.live.history.sampleCount
        finished.ingest(finished.progress!)
        #expect(finished.live.history.sampleCount == samples, "the finished view is frozen")
        #expect(finished.isFinished)
    }
}

extension BenchStateTests {
    /// What the terminal keeps once the view is gone: the results table, every finished mode a row.
    @Test func theResultsAsText() throws {
        let finished = try #require(BenchFixtures.state(.finished, width: 120, height: 40).progress)
        let lines = BenchScreen.resultsText(finished, width: 120, ascii: false).split(separator: "\n")
        #expect(lines.count == 6)
        #expect(lines[0].hasPrefix("╭─ results 3/3 modes · ×N against per-path"))
        #expect(lines.contains { $0.hasPrefix("│ naive ") && $0.contains("×") })
        let ascii = BenchScreen.resultsText(finished, width: 80, ascii: true)
        #expect(ascii.hasPrefix("+- results 3/3 modes"))
        #expect(!ascii.unicodeScalars.contains { !$0.isASCII })
    }
}

extension BenchStateTests {
    /// With `--runs`, goodput carries its run-to-run spread, and the header says which run is going.
    @Test func runsShowTheirSpreadAndWhichRunIsGoing() throws {
        var finished = try #require(BenchFixtures.state(.finished, width: 120, height: 40).progress)
        finished.runs = 3
        finished.results[0].runs = 3
        finished.results[0].goodputDeviationBps = 0.021 * finished.results[0].goodputBps
        let text = BenchScreen.resultsText(finished, width: 120, ascii: false)
        let perPath = try #require(text.split(separator: "\n").first { $0.hasPrefix("│ per-path ") })
        #expect(perPath.contains("2.41 Gbit/s ± 2.1 %"))
        #expect(!text.split(separator: "\n").contains { $0.hasPrefix("│ naive ") && $0.contains("±") })

        var state = BenchViewState(screenWidth: 120, screenHeight: 40)
        var running = finished
        running.phase = .measuring
        running.current = .naive
        running.run = 2
        running.results.removeLast()
        state.ingest(running)
        var grid = CellGrid(width: 120, height: 40)
        BenchScreen.render(state, into: &grid)
        #expect(grid.text.contains("mode naive 3/3 · run 2/3 · measuring"))
    }
}
