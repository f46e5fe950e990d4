import KwikSnapshot
import Logging
import NIOConcurrencyHelpers
import NIOCore

/// Measures multipath aggregation on shaped, heterogeneous loopback paths: for each case and scheduler,
/// each path alone as the only path of a session, then all of them together, every byte verified. A
/// case's profiles shape the server's sends (path N on its Nth port); the client downloads.
public final class AggregationBenchmark: Sendable {
    public struct Options: Sendable {
        public var cases: [AggregationCase] = AggregationCase.defaults
        public var schedulers: [SchedulerKind] = [EngineConfiguration().scheduler]
        public var bound: AggregationBound = .timed(warmupSeconds: 1, durationSeconds: 5)
        /// Everything but the scheduler and the profiles, which each run sets.
        public var configuration = EngineConfiguration()

        public init() {}
    }

    private let options: Options
    private let group: any EventLoopGroup
    private let logger: Logger
    private let state: NIOLockedValueBox<State>

    private struct State {
        var progress: AggregationProgress
        var session: Session?
        var runStarted: NIODeadline?
        /// When the measured interval started and what had been delivered by then.
        var measuring: (since: NIODeadline, delivered: UInt64)?
    }

    public init(options: Options, group: any EventLoopGroup, logger: Logger) {
        self.options = options
        self.group = group
        self.logger = logger
        let report = AggregationReport(
            cases: options.cases, schedulers: options.schedulers, bound: options.bound,
            packetSize: options.configuration.packetSize)
        state = NIOLockedValueBox(
            State(
                progress: AggregationProgress(
                    report: report, current: nil, phase: .warmup, fraction: 0, liveGoodputBps: nil, session: nil)))
    }

    /// Where the run stands, with the current run's live session and goodput.
    public func progress() -> AggregationProgress {
        let (stored, session, started, measuring) = state.withLockedValue {
            ($0.progress, $0.session, $0.runStarted, $0.measuring)
        }
        guard let session, let started, !stored.isFinished else { return stored }
        var progress = stored
        let snapshot = session.snapshot()
        let now = NIODeadline.now()
        progress.session = snapshot
        let (since, base) = measuring ?? (started, 0)
        let seconds = Double((now - since).nanoseconds) / 1e9
        let delivered = snapshot.deliveredBytes - min(base, snapshot.deliveredBytes)
        progress.liveGoodputBps = seconds > 0 ? Double(delivered) * 8 / seconds : nil
        switch options.bound {
        case .timed(let warmup, let duration):
            progress.fraction = min(1, Double((now - started).nanoseconds) / 1e9 / max(1e-9, warmup + duration))
        case .bytes(let count):
            progress.fraction = count == 0 ? 1 : min(1, Double(snapshot.deliveredBytes) / Double(count))
        }
        return progress
    }

    /// Makes every run of the plan in turn. A run that fails is recorded with its reason and the plan
    /// goes on; throws only when a server cannot listen, or when cancelled.
    public func run() async throws -> AggregationReport {
        for position in state.withLockedValue({ $0.progress.report.plan }) {
            let run = try await measure(position)
            state.withLockedValue { state in
                state.progress.report.runs.append(run)
                state.session = nil
                state.runStarted = nil
                state.measuring = nil
            }
        }
        return state.withLockedValue { state in
            state.progress.phase = .finished
            state.progress.current = nil
            state.progress.fraction = 1
            state.progress.liveGoodputBps = nil
            state.progress.session = nil
            return state.progress.report
        }
    }

    private func measure(_ position: AggregationPosition) async throws -> AggregationRun {
        let testCase = options.cases[position.caseIndex]
        var expectedBytes: UInt64?
        if case .bytes(let count) = options.bound { expectedBytes = count }
        let recorder = AggregationRunRecorder(
            testCase: testCase, position: position, packetSize: options.configuration.packetSize,
            expectedBytes: expectedBytes)
        var configuration = options.configuration
        configuration.scheduler = position.scheduler
        configuration.profiles = [:]
        var serverConfiguration = configuration
        for (index, casePosition) in recorder.positions.enumerated() {
            serverConfiguration.profiles[index + 1] = testCase.profile(at: casePosition)
        }
        let server = try await SessionServer.start(
            host: "127.0.0.1", ports: recorder.positions.map { _ in 0 }, configuration: serverConfiguration,
            group: group, logger: logger)
        var clientOptions = SessionClient.Options(endpoints: server.ports.map { Endpoint(host: "127.0.0.1", port: $0) })
        clientOptions.configuration = configuration
        clientOptions.totalBytes = expectedBytes
        let started = NIODeadline.now()
        state.withLockedValue { state in
            state.progress.current = position
            state.progress.phase = expectedBytes == nil ? .warmup : .measuring
            state.progress.fraction = 0
            state.progress.liveGoodputBps = nil
            state.runStarted = started
        }
        let client: SessionClient
        do {
            client = try await SessionClient.connect(clientOptions, group: group, logger: logger)
        } catch {
            await server.stop()
            return recorder.failed("could not connect: \(error)")
        }
        let session = client.session
        state.withLockedValue { $0.session = session }
        do {
            let run: AggregationRun
            switch options.bound {
            case .timed(let warmup, let duration):
                run = try await timed(session, warmup: warmup, duration: duration, recorder: recorder)
            case .bytes(let count):
                run = try await bounded(
                    session, count: count, rateBps: testCase.rateBps(of: position.subset), started: started,
                    recorder: recorder)
            }
            session.finish()
            await server.stop()
            return run
        } catch {
            session.finish()
            await server.stop()
            throw error
        }
    }

    /// Warm-up, counters reset, then the measured interval.
    private func timed(
        _ session: Session, warmup: Double, duration: Double, recorder: AggregationRunRecorder
    ) async throws -> AggregationRun {
        try await Task.sleep(nanoseconds: UInt64(warmup * 1e9))
        session.resetCounters()
        let before = AggregationReading(session)
        state.withLockedValue { state in
            state.progress.phase = .measuring
            state.measuring = (before.time, before.snapshot.deliveredBytes)
        }
        try await Task.sleep(nanoseconds: UInt64(duration * 1e9))
        return recorder.run(from: before, since: before.time, to: AggregationReading(session))
    }

    /// From the start to completion, failed past ten times the ideal time at the paths' rates plus 10 s.
    private func bounded(
        _ session: Session, count: UInt64, rateBps: Double, started: NIODeadline, recorder: AggregationRunRecorder
    ) async throws -> AggregationRun {
        let ideal = Double(count) * 8 / rateBps
        let limit = 10 * ideal + 10
        let watchdog = Task {
            try await Task.sleep(nanoseconds: UInt64(limit * 1e9))
            session.fail(
                "timed out: not done in \(Self.seconds(limit)) (10 × the ideal \(Self.seconds(ideal)) + 10 s)")
        }
        defer { watchdog.cancel() }
        // A failed session is judged from its snapshot.
        _ = try? await withTaskCancellationHandler {
            try await session.completion.get()
        } onCancel: {
            session.fail("cancelled")
        }
        try Task.checkCancellation()
        return recorder.run(from: nil, since: started, to: AggregationReading(session))
    }

    private static func seconds(_ value: Double) -> String { "\((value * 10).rounded() / 10) s" }
}
