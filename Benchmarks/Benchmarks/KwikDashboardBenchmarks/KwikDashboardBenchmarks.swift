// Dashboard micro-benchmarks: one frame rendered into a reused grid (as `TerminalDashboard` does),
// state ingest, and the NDJSON line of `--headless`.

import Benchmark
import KwikDashboard
import KwikSnapshot
import KwikTestSupport

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal], maxDuration: .seconds(2), maxIterations: 10_000)

    // What the harness itself counts around an empty closure (subtract from the counts below).
    Benchmark("empty closure (harness overhead)") { _ in }

    for (paths, width, height) in [(16, 200, 60), (4, 120, 40)] {
        let state = SnapshotFixtures.dashboard(paths: paths, width: width, height: height)
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
    let snapshots = (0..<8).map { SnapshotFixtures.snapshot(paths: 16, step: $0) }
    let ingestState = SnapshotFixtures.dashboard(paths: 16, width: 200, height: 60, samples: 600)
    Benchmark("state ingest (16 paths, history full)") { benchmark in
        var state = ingestState
        var uptime = SnapshotFixtures.uptime(step: 600)
        benchmark.startMeasurement()
        for index in benchmark.scaledIterations {
            // Each reading must be newer than the last, or the history ignores it.
            var snapshot = snapshots[index % snapshots.count]
            snapshot.uptime = uptime
            uptime += SnapshotFixtures.stepSeconds
            state.ingest(snapshot)
        }
        blackHole(state)
    }

    let snapshot4 = SnapshotFixtures.snapshot(paths: 4, step: 7)
    let rates4 = SnapshotFixtures.dashboard(paths: 4, width: 120, height: 40, samples: 8).rates
    Benchmark("SnapshotJSON.line (4 paths)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try SnapshotJSON.line(snapshot4, rates: rates4))
        }
    }
}
