import KwikDashboard
import KwikSnapshot
import KwikTestSupport
import Testing

/// The throughput graph's time span, axis, legend and fills, read from rendered frames.
struct ThroughputGraphTests {
    /// The graph box's rows (title and borders included), from a 120×40 frame.
    static func graphRows(_ state: DashboardState) -> [Substring] {
        let lines = SnapshotFixtures.frame(state).text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let title = lines.firstIndex(where: { $0.contains("throughput, stacked") }),
            let bottom = lines[title...].dropFirst().firstIndex(where: { $0.hasPrefix("╰") || $0.hasPrefix("+") })
        else { return [] }
        return Array(lines[title...bottom])
    }

    /// The column of the leftmost cell the stack fills, on the graph's bottom row.
    static func firstFilledColumn(_ state: DashboardState) -> Int? {
        guard let row = graphRows(state).dropLast().last else { return nil }
        return Array(row.unicodeScalars).enumerated().dropFirst(6).first {
            $0.element != " " && $0.element != "⠀" && $0.element != "│" && $0.element != "|"
        }?.offset
    }

    /// 30 s of one session seen at 4 Hz and at 1 Hz: the stack starts half-way across a 1-minute graph
    /// both times, and the refresh keys leave the span alone.
    @Test func theSpanIsTimeNotFrames() throws {
        var fast = DashboardState(screenWidth: 120, screenHeight: 40)
        var slow = DashboardState(screenWidth: 120, screenHeight: 40)
        for step in 0...120 {
            fast.ingest(SnapshotFixtures.snapshot(paths: 4, step: step))
            if step % 4 == 0 { slow.ingest(SnapshotFixtures.snapshot(paths: 4, step: step)) }
        }
        let fastStart = try #require(Self.firstFilledColumn(fast))
        let slowStart = try #require(Self.firstFilledColumn(slow))
        #expect(abs(fastStart - slowStart) <= 1)
        #expect(abs(fastStart - 62) <= 2, "half of 114 plot cells after a 5-cell axis: \(fastStart)")
        _ = fast.apply(.key(.character("+")))
        _ = fast.apply(.key(.character("+")))
        #expect(fast.refreshHz == 16)
        #expect(Self.graphRows(fast).first?.contains("last 1:00") == true)
        #expect(Self.firstFilledColumn(fast) == fastStart)
    }

    @Test func bracketsChangeTheSpanWithinItsRange() {
        var state = SnapshotFixtures.dashboard(paths: 4, width: 120, height: 40)
        let full = Self.firstFilledColumn(state)
        _ = state.apply(.key(.character("]")))
        #expect(state.graphSpan == 120)
        #expect(Self.graphRows(state).first?.contains("last 2:00") == true)
        #expect(Self.firstFilledColumn(state) ?? 0 > full ?? 0, "65 s of history fill about half of 2 minutes")
        for _ in 0..<6 { _ = state.apply(.key(.character("["))) }
        #expect(state.graphSpan == 15)
        #expect(state.statusMessage == "graph spans 15.0s")
        #expect(Self.graphRows(state).first?.contains("last 15.0s") == true)
        for _ in 0..<9 { _ = state.apply(.key(.character("]"))) }
        #expect(state.graphSpan == 300)
    }

    @Test func theAxisReadsInRoundFigures() throws {
        let rows = Self.graphRows(SnapshotFixtures.dashboard(paths: 4, width: 120, height: 40))
        let title = try #require(rows.first)
        #expect(title.contains("peak 2.55 Gbit/s"))
        #expect(rows[1].hasPrefix("│  3G "), "the top of the scale: \(rows[1])")
        #expect(rows[rows.count - 2].hasPrefix("│   0 "))
        #expect(rows.contains { $0.hasPrefix("│1.5G ") }, "half-way up")
    }

    @Test func theLegendMovesAndHides() {
        var state = SnapshotFixtures.dashboard(paths: 4, width: 120, height: 40)
        #expect(Self.graphRows(state).last?.contains("■1  ■2  ■3  ■4") == true)
        _ = state.apply(.key(.character("L")))
        #expect(state.legend == .top)
        #expect(Self.graphRows(state).first?.contains("■1  ■2  ■3  ■4") == true)
        #expect(Self.graphRows(state).last?.contains("■") == false)
        _ = state.apply(.key(.character("L")))
        #expect(state.statusMessage == "legend hidden")
        #expect(!Self.graphRows(state).contains { $0.contains("■") })
        _ = state.apply(.key(.character("L")))
        #expect(state.legend == .bottom)
    }

    /// `NO_COLOR`: every path draws in its own fill, the legend says which.
    @Test func withoutColourPathsHaveTheirOwnFill() throws {
        var state = SnapshotFixtures.dashboard(paths: 4, width: 120, height: 40)
        state.isMonochrome = true
        let rows = Self.graphRows(state)
        #expect(rows.last?.contains("#1  %2  @3  *4") == true)
        let body = rows.dropFirst().dropLast().joined()
        #expect(body.contains("#") && body.contains("%"), "paths 1 and 2 carry data, each in its fill")
        #expect(!body.unicodeScalars.contains { $0.value >= 0x2800 && $0.value < 0x2900 }, "no braille")
    }
}
