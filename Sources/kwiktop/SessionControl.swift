import KwikCore
import KwikSnapshot
import KwikTerminal

/// Hands the dashboard's requests to the engine's session.
struct SessionControl: SessionControlling {
    let session: Session

    func perform(_ action: PathAction, onPath path: Int) { session.perform(action, onPath: path) }

    func setScheduler(_ scheduler: SchedulerKind) { session.setScheduler(scheduler) }

    func resetCounters() { session.resetCounters() }
}
