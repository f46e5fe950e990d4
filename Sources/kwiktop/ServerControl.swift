import KwikCore
import KwikTerminal

/// Hands the server dashboard's requests to the engine's server.
struct ServerControl: ServerControlling {
    let server: SessionServer

    func endSession(_ id: String) { server.registry.end(sessionID: id, reason: "ended from the server's dashboard") }

    func setAcceptsNewSessions(_ accepts: Bool) { server.registry.acceptsNewSessions = accepts }

    func session(_ id: String) -> (any SessionControlling)? {
        server.registry.activeSessions.first { "\($0.id)" == id }.map { SessionControl(session: $0) }
    }
}
