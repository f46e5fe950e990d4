import KwikDashboard
import KwikSnapshot
import KwikTestSupport
import Testing

/// The live view of `kwiktop bench --aggregation` on fixed states: whole frames as text, the roles
/// of the ratio cells, scrolling.
struct AggregationScreenTests {
    static let cases = [
        AggregationCase(
            name: "15mbit/1ms+5mbit/25ms",
            paths: [
                AggregationPath(rateBps: 15e6, oneWayDelayMicros: 1_000),
                AggregationPath(rateBps: 5e6, oneWayDelayMicros: 25_000),
            ]),
        AggregationCase(
            name: "300mbit/10ms+80mbit/30ms",
            paths: [
                AggregationPath(rateBps: 300e6, oneWayDelayMicros: 10_000),
                AggregationPath(rateBps: 80e6, oneWayDelayMicros: 30_000),
            ]),
    ]

    /// Goodput of every run of the plan, in plan order: the first case aggregates well under ecf and
    /// not under minrtt; the second's minrtt run of path 2 failed.
    static let goodputs: [Double] = [
        14.9e6, 4.97e6, 19.6e6, 14.9e6, 4.96e6, 15.8e6, 297e6, 79.4e6, 371e6, 296e6, 0, 298e6,
    ]

    static func run(_ position: AggregationPosition, goodput: Double) -> AggregationRun {
        let bytes = UInt64(goodput * 5 / 8)
        return AggregationRun(
            caseName: cases[position.caseIndex].name, scheduler: position.scheduler, subset: position.subset,
            seconds: 5, expectedBytes: nil, deliveredBytes: bytes, verifiedBytes: bytes, corruptBytes: 0,
            goodputBps: goodput, duplicatesDropped: 0, deliveryOrderViolations: 0, reorderHighWaterPackets: 4,
            reorderHighWaterBytes: 65_536, paths: [], failure: goodput == 0 ? "could not connect" : nil)
    }

    /// `done` runs made, the next one measuring (all of them when `done` is nil).
    static func state(
        done: Int?, width: Int, height: Int, ascii: Bool = false, cases: [AggregationCase] = cases
    ) -> AggregationViewState {
        var report = AggregationReport(
            cases: cases, schedulers: [.ecf, .minrtt], bound: .timed(warmupSeconds: 1, durationSeconds: 5),
            packetSize: 16_384)
        let plan = report.plan
        report.runs = zip(plan, goodputs).prefix(done ?? plan.count).map { run($0, goodput: $1) }
        var session = SnapshotFixtures.snapshot(paths: 2, step: 3)
        session.reorderHighWater = 12
        let progress = AggregationProgress(
            report: report, current: done.map { plan[$0] }, phase: done == nil ? .finished : .measuring,
            fraction: 0.4, liveGoodputBps: done == nil ? nil : 301e6, session: done == nil ? nil : session)
        var state = AggregationViewState(isASCII: ascii, screenWidth: width, screenHeight: height)
        state.ingest(progress)
        return state
    }

    static func frame(_ state: AggregationViewState) -> CellGrid {
        var grid = CellGrid(width: state.screenWidth, height: state.screenHeight)
        AggregationScreen.render(state, into: &grid)
        return grid
    }

    @Test(arguments: [(120, 40), (80, 24)], [("measuring", 9), ("finished", nil)] as [(String, Int?)])
    func frame(size: (Int, Int), stage: (name: String, done: Int?)) throws {
        let state = Self.state(done: stage.done, width: size.0, height: size.1)
        try FrameSnapshotTests.assertFrame(
            Self.frame(state), named: "aggregation-\(stage.name)-\(size.0)x\(size.1)")
    }

    @Test func shortTerminalFollowsTheRunningRowAndScrolls() throws {
        let even = AggregationPath(rateBps: 10e6, oneWayDelayMicros: 0)
        let three = Self.cases + [AggregationCase(name: "10mbit+10mbit", paths: [even, even])]
        func fresh(done: Int) -> AggregationViewState { Self.state(done: done, width: 60, height: 16, cases: three) }
        let firstHeading = "│ 15mbit/1ms+5mbit/25ms "
        var state = fresh(done: 9)
        try FrameSnapshotTests.assertFrame(Self.frame(state), named: "aggregation-measuring-60x16")
        #expect(Self.frame(state).text.contains(firstHeading))
        _ = state.apply(.key(.down))
        #expect(!Self.frame(state).text.contains(firstHeading), "scrolled one row down")
        _ = state.apply(.key(.character("f")))
        #expect(Self.frame(state) == Self.frame(fresh(done: 9)))
        let last = Self.frame(fresh(done: 12)).text
        #expect(
            last.contains("│   path 2  10mbit ") && !last.contains(firstHeading), "the running row and the next in view"
        )
    }

    @Test func ratiosAreGoodFrom95PercentAndWarnBelow() throws {
        let grid = Self.frame(Self.state(done: nil, width: 120, height: 40))
        let lines = grid.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func role(of text: String, onRowAfter heading: String, row: Int) throws -> StyleRole {
            let headingY = try #require(lines.firstIndex { $0.contains(heading) })
            let y = headingY + row
            let line = Array(lines[y].unicodeScalars)
            let needle = Array(text.unicodeScalars)
            let x = try #require(line.indices.first { line[$0...].starts(with: needle) }, "\(text) on \(lines[y])")
            return grid[x, y].role
        }
        // ecf, all paths of the first case: 19.6 of 20 Mbit/s (×0.98), 1.32 × the best alone.
        #expect(try role(of: "×0.98", onRowAfter: "15mbit/1ms+5mbit/25ms", row: 3) == .good)
        #expect(try role(of: "×1.32", onRowAfter: "15mbit/1ms+5mbit/25ms", row: 3) == .good)
        // minrtt on the same row: 15.8 of 20 Mbit/s.
        #expect(try role(of: "×0.79", onRowAfter: "15mbit/1ms+5mbit/25ms", row: 3) == .warn)
        #expect(try role(of: "failed", onRowAfter: "300mbit/10ms+80mbit/30ms", row: 2) == .bad)
    }

    @Test func asciiModeHasOnlyASCII() {
        for done in [9, nil] {
            let text = Self.frame(Self.state(done: done, width: 120, height: 40, ascii: true)).text
            #expect(text.unicodeScalars.allSatisfy { $0.isASCII })
        }
    }

    @Test func tooSmall() {
        #expect(Self.frame(Self.state(done: 2, width: 50, height: 12)).text.contains("terminal too small"))
    }
}
