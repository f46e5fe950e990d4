import KwikSnapshot
import Logging
import NIOConcurrencyHelpers
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// Replays the seed's design comparison: the same loopback download once per reader mode, each
/// measured for a fixed time after a warm-up, in one process.
public final class ReaderBenchmark: Sendable {
    public struct Options: Sendable {
        public var modes: [ReaderMode] = ReaderMode.allCases
        public var paths = 4
        public var warmup: TimeAmount = .seconds(1)
        public var duration: TimeAmount = .seconds(5)
        /// Runs of each mode, one after the other; the result is their mean, with a spread.
        public var runs = 1
        public var configuration = EngineConfiguration()
        var runCount: Int { max(1, runs) }

        public init() {}
    }

    private let options: Options
    private let allocations = ProcessAllocationCounter()
    private let group: any EventLoopGroup
    private let logger: Logger
    private let state: NIOLockedValueBox<State>

    private struct State {
        var progress: BenchProgress
        var session: Session?
        var modeStarted: NIODeadline?
    }

    public init(options: Options, group: any EventLoopGroup, logger: Logger) {
        self.options = options
        self.group = group
        self.logger = logger
        var progress = BenchProgress(
            modes: options.modes, current: nil, phase: .warmup, fraction: 0, results: [], session: nil,
            secondsPerMode: Double(options.runCount) * Double((options.warmup + options.duration).nanoseconds) / 1e9)
        progress.runs = options.runCount
        self.state = NIOLockedValueBox(State(progress: progress))
    }

    /// Where the run stands, with the running mode's live session.
    public func progress() -> BenchProgress {
        let (progress, session, started) = state.withLockedValue { ($0.progress, $0.session, $0.modeStarted) }
        var current = progress
        current.session = session?.snapshot()
        if let started, progress.phase != .finished {
            let total = Double((options.warmup + options.duration).nanoseconds)
            let run = min(1, Double((NIODeadline.now() - started).nanoseconds) / total)
            current.fraction = (Double(progress.run - 1) + run) / Double(options.runCount)
        }
        return current
    }

    /// Runs every mode in turn; throws when a session cannot be set up.
    public func run() async throws -> [BenchResult] {
        for mode in options.modes {
            var runs: [BenchResult] = []
            for run in 1...options.runCount {
                state.withLockedValue { $0.progress.run = run }
                runs.append(try await measure(mode))
            }
            guard let result = BenchResult.combining(runs) else { continue }
            state.withLockedValue { state in
                state.progress.results.append(result)
                state.session = nil
                state.modeStarted = nil
            }
        }
        state.withLockedValue { state in
            state.progress.phase = .finished
            state.progress.current = nil
            state.progress.fraction = 1
        }
        return state.withLockedValue { $0.progress.results }
    }

    private func measure(_ mode: ReaderMode) async throws -> BenchResult {
        var configuration = options.configuration
        configuration.readerMode = mode
        // Every mode runs at the same fixed window (`--window`), its pools sized for it from the start:
        // the measured interval is steady state, and the window tuner's trials stay out of the comparison.
        configuration.maximumWindowBytes = configuration.receiveWindow * configuration.packetSize
        configuration.poolPrefill = configuration.poolRetained(window: configuration.receiveWindow)
        let server = try await SessionServer.start(
            host: "127.0.0.1", ports: Array(repeating: 0, count: options.paths), configuration: configuration,
            group: group, logger: logger)
        var clientOptions = SessionClient.Options(endpoints: server.ports.map { Endpoint(host: "127.0.0.1", port: $0) })
        clientOptions.configuration = configuration
        clientOptions.totalBytes = nil
        let client: SessionClient
        do {
            client = try await SessionClient.connect(clientOptions, group: group, logger: logger)
        } catch {
            await server.stop()
            throw error
        }
        let session = client.session
        state.withLockedValue { state in
            state.session = session
            state.modeStarted = .now()
            state.progress.current = mode
            state.progress.phase = .warmup
        }
        let before: Reading
        let after: Reading
        do {
            try await Task.sleep(nanoseconds: UInt64(options.warmup.nanoseconds))
            session.resetCounters()
            session.verifier.resetLatency()
            allocations?.start()
            before = Reading(session)
            state.withLockedValue { $0.progress.phase = .measuring }
            try await Task.sleep(nanoseconds: UInt64(options.duration.nanoseconds))
            after = Reading(session, allocations: allocations)
        } catch {
            session.finish()
            await server.stop()
            throw error
        }
        session.finish()
        await server.stop()
        return after.result(
            since: before, mode: mode, latency: session.verifier.latencyPercentiles([50, 99]),
            processAllocations: after.allocations)
    }
}

/// Counters of a running session and of the process at one instant.
private struct Reading {
    let time: NIODeadline
    let cpuSeconds: Double
    let snapshot: SessionSnapshot
    /// Process allocations since the measurement started, where they can be counted.
    let allocations: Int64?

    init(_ session: Session, allocations counter: ProcessAllocationCounter? = nil) {
        allocations = counter?.count()
        snapshot = session.snapshot()
        time = .now()
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ value: timeval) -> Double { Double(value.tv_sec) + Double(value.tv_usec) / 1e6 }
        cpuSeconds = seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// Counters that `resetCounters()` zeroed at `before` are read as they are; the others as differences.
    func result(since before: Reading, mode: ReaderMode, latency: [Double], processAllocations: Int64?) -> BenchResult {
        let seconds = Double((time - before.time).nanoseconds) / 1e9
        let delivered = snapshot.deliveredBytes - before.snapshot.deliveredBytes
        let packets =
            snapshot.paths.reduce(0) { $0 + $1.rxPackets } - before.snapshot.paths.reduce(0) { $0 + $1.rxPackets }
        let gets = snapshot.paths.reduce(0) { $0 + $1.pool.gets }
        let hits = snapshot.paths.reduce(0) { $0 + $1.pool.hits }
        let misses = snapshot.paths.reduce(0) { $0 + $1.pool.misses }
        let gibibytes = Double(delivered) / Double(1 << 30)
        return BenchResult(
            mode: mode, seconds: seconds, goodputBps: Double(delivered) * 8 / seconds, packets: packets,
            verifiedBytes: snapshot.verifiedBytes - before.snapshot.verifiedBytes,
            corruptBytes: snapshot.corruptBytes - before.snapshot.corruptBytes,
            deliveryOrderViolations: snapshot.deliveryOrderViolations,
            // Every packet takes exactly one buffer: allocations per packet are misses per get.
            bufferAllocationsPerPacket: gets == 0 ? 0 : Double(misses) / Double(gets),
            processAllocationsPerPacket: processAllocations.map { packets == 0 ? 0 : Double($0) / Double(packets) },
            poolHitRate: gets == 0 ? 1 : Double(hits) / Double(gets),
            latencyP50Micros: latency[0], latencyP99Micros: latency[1],
            orderingViolations: snapshot.paths.reduce(0) { $0 + $1.orderingViolations },
            reorderHighWater: snapshot.reorderHighWater,
            cpuSecondsPerGibibyte: gibibytes == 0 ? 0 : (cpuSeconds - before.cpuSeconds) / gibibytes)
    }
}
