/// What the server's dashboard asks of the server or of the run loop after an input.
public enum ServerCommand: Equatable, Sendable {
    case quit
    /// Ends a running session, telling its client why.
    case endSession(String)
    case setAcceptsNewSessions(Bool)
    /// A key of a session's own view, acting on the server's side of that session.
    case session(String, DashboardCommand)
}
