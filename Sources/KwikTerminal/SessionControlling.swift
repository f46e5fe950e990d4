import KwikSnapshot

/// What the dashboard asks of a running session: the actions its keys stand for. Readings travel the
/// other way, as snapshots.
public protocol SessionControlling: Sendable {
    func perform(_ action: PathAction, onPath path: Int)
    func setScheduler(_ scheduler: SchedulerKind)
    func resetCounters()
}
