import KwikDashboard

/// What the server's dashboard asks of a running server: its own keys, and those of an opened
/// session, which act on the server's side of it. Readings travel the other way, as snapshots.
public protocol ServerControlling: Sendable {
    func endSession(_ id: String)
    func setAcceptsNewSessions(_ accepts: Bool)
    /// The session's own control, while it runs.
    func session(_ id: String) -> (any SessionControlling)?
}
