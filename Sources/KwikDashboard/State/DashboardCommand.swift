import KwikSnapshot

/// What the dashboard asks of the engine or of the run loop after an input.
public enum DashboardCommand: Equatable, Sendable {
    case path(PathAction, Int)
    case setScheduler(SchedulerKind)
    case resetCounters
    case quit
}
