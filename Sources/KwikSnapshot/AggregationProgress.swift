/// Where a running `kwiktop bench --aggregation` stands, for the live view: the report so far, the
/// run in progress and its live session.
public struct AggregationProgress: Sendable, Equatable {
    public var report: AggregationReport
    /// The run in progress; nil before the first and after the last.
    public var current: AggregationPosition?
    /// A byte-bounded run measures from its start, so it has no warm-up.
    public var phase: BenchProgress.Phase
    /// Progress of the current run, 0...1: its time, or its bytes when byte-bounded.
    public var fraction: Double
    /// The current run's goodput so far: over its measured interval once that started, over the
    /// warm-up before.
    public var liveGoodputBps: Double?
    /// The current run's live session, as its client sees it.
    public var session: SessionSnapshot?

    public init(
        report: AggregationReport, current: AggregationPosition?, phase: BenchProgress.Phase, fraction: Double,
        liveGoodputBps: Double?, session: SessionSnapshot?
    ) {
        self.report = report
        self.current = current
        self.phase = phase
        self.fraction = fraction
        self.liveGoodputBps = liveGoodputBps
        self.session = session
    }

    public var isFinished: Bool { phase == .finished }

    /// Progress over every run, 0...1.
    public var overallFraction: Double {
        let total = report.plan.count
        guard total > 0, !isFinished else { return 1 }
        let done = min(report.runs.count, total)
        let running = current == nil || !fraction.isFinite ? 0 : min(1, max(0, fraction))
        return min(1, (Double(done) + running) / Double(total))
    }
}
