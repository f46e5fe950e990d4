// Dashboard micro-benchmarks: one frame rendered into a reused grid (as `TerminalDashboard` does),
// state ingest, and the NDJSON line of `--headless`.

import Benchmark
import KwikDashboard
import KwikSnapshot

/// Copied from Tests/KwikDashboardTests/Fixtures.swift (tests are not importable).
enum Fixtures {
    static func path(_ id: Int, of count: Int, step: Int) -> PathSnapshot {
        let states: [PathState] = [.active, .active, .standby, .disabled, .stale, .failed, .reconnecting, .connecting]
        let state = count == 1 ? PathState.active : states[(id - 1) % states.count]
        let base = state == .active ? 1_200_000_000.0 / Double(id) : state == .standby ? 4_000_000 : 0
        // A slow wave so sparklines and the stacked graph have shape.
        let wave = 1 + 0.5 * Double((step * (id + 2)) % 17) / 17
        let rx = base * wave
        let rxBytes = UInt64(rx / 8) * UInt64(step + 1)
        return PathSnapshot(
            id: id, endpoint: "10.0.\(id).2:4433", state: state,
            rxBytes: rxBytes, txBytes: rxBytes / 50, rxPackets: rxBytes / 1200, txPackets: rxBytes / 60_000,
            rxRateBps: rx, txRateBps: rx / 50, deliveredShare: count == 1 ? 1 : base / 2_600_000_000,
            rtt: state == .failed ? nil : RTTSummary(
                smoothed: 400 + Double(id) * 4_350, variance: 120, min: 380, max: 9_000, p50: 410, p99: 8_000, samples: 500),
            bytesInFlight: 64_000,
            pool: PoolCounters(gets: 100_000 * UInt64(id), hits: 100_000 * UInt64(id) - UInt64(id * id), misses: UInt64(id * id),
                               returns: 99_000, outstanding: 40, highWater: 256),
            allocationFreePackets: 99_000 * UInt64(id), orderingViolations: id == 3 ? 2 : 0,
            reinjectedPackets: state == .stale ? 412 : 0, reinjectedBytes: state == .stale ? 494_400 : 0,
            duplicates: 0, lastReceiveAge: 0.01)
    }

    static func snapshot(paths count: Int, step: Int = 0) -> SessionSnapshot {
        let paths = (1...count).map { path($0, of: count, step: step) }
        let failovers: [FailoverEvent] = count < 4 ? [] : [
            FailoverEvent(path: 4, cause: .disabled, detectedAt: 12.5, firstReinjectionAt: 12.51, resumedAt: 12.5184,
                          reinjectedPackets: 20, reinjectedBytes: 24_000),
            FailoverEvent(path: 5, cause: .stale, detectedAt: 31.25, firstReinjectionAt: 31.3,
                          reinjectedPackets: 412, reinjectedBytes: 494_400),
        ]
        return SessionSnapshot(
            sessionID: "7f3a9c21", role: .client, state: .running, uptime: 754.2, scheduler: .minrtt,
            workload: .init(direction: .download, totalBytes: nil, packetSize: 1200), averagingWindow: 1,
            goodputBps: paths.reduce(0) { $0 + $1.rxRateBps }, deliveredBytes: 1_610_612_736, verifiedBytes: 1_610_612_736,
            corruptBytes: 0, sentBytes: 1_000_000, reorderDepth: 12, reorderHighWater: 340, headOfLineStallSeconds: 0.2,
            deliveryOrderViolations: 0, duplicatesDropped: 3, reorderEvents: 77, paths: paths, failovers: failovers)
    }

    /// A dashboard that has seen `samples` snapshots of a session with `count` paths.
    static func state(paths count: Int, width: Int, height: Int, samples: Int = 120, ascii: Bool = false) -> DashboardState {
        var state = DashboardState(themeNames: ["default", "light", "nord"], isASCII: ascii, screenWidth: width, screenHeight: height)
        for step in 0..<samples { state.ingest(snapshot(paths: count, step: step)) }
        return state
    }

    static func frame(_ state: DashboardState) -> CellGrid {
        var grid = CellGrid(width: state.screenWidth, height: state.screenHeight)
        Screen.render(state, into: &grid)
        return grid
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal], maxDuration: .seconds(2), maxIterations: 10_000)

    // What the harness itself counts around an empty closure (subtract from the counts below).
    Benchmark("empty closure (harness overhead)") { _ in }

    for (paths, width, height) in [(16, 200, 60), (4, 120, 40)] {
        let state = Fixtures.state(paths: paths, width: width, height: height)
        Benchmark("frame render \(width)x\(height), \(paths) paths") { benchmark in
            var grid = CellGrid(width: width, height: height)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                Screen.render(state, into: &grid)
                blackHole(grid)
            }
        }
    }

    // One refresh's worth of state update: a new snapshot into a state whose history is full.
    let snapshots = (0..<8).map { Fixtures.snapshot(paths: 16, step: $0) }
    let ingestState = Fixtures.state(paths: 16, width: 200, height: 60)
    Benchmark("state ingest (16 paths, history full)") { benchmark in
        var state = ingestState
        benchmark.startMeasurement()
        for index in benchmark.scaledIterations {
            state.ingest(snapshots[index % snapshots.count])
        }
        blackHole(state)
    }

    let snapshot4 = Fixtures.snapshot(paths: 4, step: 7)
    Benchmark("SnapshotJSON.line (4 paths)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(SnapshotJSON.line(snapshot4))
        }
    }
}
