import KwikDashboard
import KwikSnapshot
import KwikTestSupport

/// A realistic `kwiktop bench` run, fed to the bench view the way the terminal does: one reading per
/// frame through each mode's warm-up and measurement.
enum BenchFixtures {
    enum Stage: String, CaseIterable, Sendable {
        /// The first mode warming up, no results yet.
        case warmup
        /// The third mode measuring, two results in.
        case measuring
        /// All three results in.
        case finished
    }

    static let modes: [ReaderMode] = [.perPath, .globalPool, .naive]

    /// Per-path is the design; the shared worker pool breaks per-path order; naive allocates per packet.
    static func result(_ mode: ReaderMode) -> BenchResult {
        let seconds = 10.0
        let (goodput, buffer, process, hit, p50, p99, ordering, highWater, cpu):
            (Double, Double, Double?, Double, Double, Double, UInt64, Int, Double) =
                switch mode {
                case .perPath: (2_410_000_000, 0, 0.02, 0.9999, 412, 1_840, 0, 3, 0.84)
                case .globalPool: (1_490_000_000, 0, 1.02, 0.998, 2_110, 18_200, 41_270, 412, 1.43)
                case .naive: (812_000_000, 1, 3.05, 0, 1_020, 9_600, 0, 6, 2.91)
                }
        let bytes = UInt64(goodput * seconds / 8)
        return BenchResult(
            mode: mode, seconds: seconds, goodputBps: goodput, packets: bytes / 1200, verifiedBytes: bytes,
            corruptBytes: 0,
            deliveryOrderViolations: 0, bufferAllocationsPerPacket: buffer, processAllocationsPerPacket: process,
            poolHitRate: hit, latencyP50Micros: p50, latencyP99Micros: p99, orderingViolations: ordering,
            reorderHighWater: highWater, cpuSecondsPerGibibyte: cpu)
    }

    /// The running mode's loopback session `step` frames after it started: two active paths.
    static func session(_ mode: ReaderMode, step: Int) -> SessionSnapshot {
        var snapshot = SnapshotFixtures.snapshot(paths: 2, step: step)
        let scale = result(mode).goodputBps / 1_800_000_000
        snapshot.sessionID = "bench-\(mode.rawValue)"
        snapshot.uptime = Double(step + 1) * SnapshotFixtures.stepSeconds
        snapshot.reorderHighWater = result(mode).reorderHighWater
        snapshot.reorderDepth = mode == .globalPool ? 37 : 1
        for index in snapshot.paths.indices {
            let id = snapshot.paths[index].id
            let bits = (1...step + 1).reduce(0.0) { $0 + SnapshotFixtures.rxRate(ofPath: id, of: 2, step: $1) }
            let rxBytes = UInt64(bits * SnapshotFixtures.stepSeconds / 8 * scale)
            snapshot.paths[index].endpoint = "127.0.0.1:\(4433 + index)"
            snapshot.paths[index].rxBytes = rxBytes
            snapshot.paths[index].txBytes = rxBytes / 50
            snapshot.paths[index].rxPackets = rxBytes / 1200
            snapshot.paths[index].deliveredBytes = rxBytes
            snapshot.paths[index].orderingViolations = mode == .globalPool ? UInt64(step * 17 * (index + 1)) : 0
            if mode == .naive {
                // No pool: every packet is a fresh allocation.
                let packets = snapshot.paths[index].rxPackets
                snapshot.paths[index].pool = PoolCounters(gets: packets, hits: 0, misses: packets)
                snapshot.paths[index].allocationFreePackets = 0
            }
        }
        snapshot.deliveredBytes = snapshot.paths.reduce(0) { $0 + $1.deliveredBytes }
        snapshot.verifiedBytes = snapshot.deliveredBytes
        return snapshot
    }

    static let warmupFrames = 8
    static let measureFrames = 40

    /// The view after a run reached `stage`.
    static func state(_ stage: Stage, width: Int, height: Int, ascii: Bool = false) -> BenchViewState {
        var state = BenchViewState(
            themeNames: ["default", "light", "nord"], isASCII: ascii, screenWidth: width, screenHeight: height)
        var results: [BenchResult] = []
        func feed(_ mode: ReaderMode, _ phase: BenchProgress.Phase, frames: Range<Int>, total: Int) {
            for frame in frames {
                let fraction = Double(frame + 1) / Double(total)
                state.ingest(
                    BenchProgress(
                        modes: modes, current: mode, phase: phase, fraction: fraction, results: results,
                        session: session(mode, step: frame), secondsPerMode: Double(total) / 4))
            }
        }
        let total = warmupFrames + measureFrames
        for mode in modes {
            feed(mode, .warmup, frames: 0..<(stage == .warmup ? 1 : warmupFrames), total: total)
            if stage == .warmup { return state }
            let measuring = mode == .naive && stage == .measuring ? warmupFrames..<32 : warmupFrames..<total
            feed(mode, .measuring, frames: measuring, total: total)
            if mode == .naive && stage == .measuring { return state }
            results.append(result(mode))
        }
        state.ingest(
            BenchProgress(modes: modes, current: nil, phase: .finished, fraction: 1, results: results, session: nil))
        return state
    }

    static func frame(_ state: BenchViewState) -> CellGrid {
        var grid = CellGrid(width: state.screenWidth, height: state.screenHeight)
        BenchScreen.render(state, into: &grid)
        return grid
    }
}
