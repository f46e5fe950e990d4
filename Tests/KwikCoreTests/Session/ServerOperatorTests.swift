@testable import KwikCore
import KwikSnapshot
import NIOCore
import NIOPosix
import Testing

extension Loopback {
    /// What a server's operator does from its dashboard, over real sockets: stop new sessions while
    /// the running ones go on, and end one session with a reason its client is told.
    @Suite struct ServerOperatorTests {
        /// An unbounded upload at 20 Mbit/s: it runs until someone ends it, without loading the machine.
        static func unbounded(_ server: SessionServer) -> SessionClient.Options {
            var options = clientOptions(ports: server.ports, totalBytes: 0, direction: .upload)
            options.totalBytes = nil
            options.rate = 20_000_000 / 8
            return options
        }

        @Test func aServerRefusingNewSessionsKeepsItsRunningOne() async throws {
            try await withLoopbackServer(ports: 2) { server, group in
                let running = try await SessionClient.connect(Self.unbounded(server), group: group, logger: quietLogger)
                #expect(await eventually { server.snapshot().sessions.count == 1 })
                server.registry.acceptsNewSessions = false
                #expect(server.snapshot().acceptsNewSessions == false)
                await #expect {
                    _ = try await SessionClient.connect(
                        clientOptions(ports: server.ports, totalBytes: 1 << 20), group: group, logger: quietLogger)
                } throws: { error in
                    "\(error)".contains("the server takes no new sessions")
                }
                #expect(server.registry.refusalsByReason[.shutdown] == 1)
                let before = running.session.snapshot().sentBytes
                #expect(await eventually { running.session.snapshot().sentBytes > before + 100_000 })
                #expect(running.session.snapshot().state == .running)

                server.registry.acceptsNewSessions = true
                let next = try await SessionClient.connect(
                    clientOptions(ports: server.ports, totalBytes: 1 << 20), group: group, logger: quietLogger)
                try await awaitCompletion(next.session)
                running.session.fail("test over")
            }
        }

        @Test func anEndedSessionTellsItsClientAndStaysListedAsEnded() async throws {
            try await withLoopbackServer(ports: 2) { server, group in
                let client = try await SessionClient.connect(Self.unbounded(server), group: group, logger: quietLogger)
                #expect(await eventually { server.snapshot().sessions.first?.deliveredBytes ?? 0 > 0 })
                let id = "\(client.session.id)"
                #expect(server.registry.end(sessionID: "0123", reason: "nobody") == false)
                #expect(server.registry.end(sessionID: id, reason: "ended from the server's dashboard"))
                await #expect(throws: (any Error).self) { try await client.session.completion.get() }
                #expect(client.session.snapshot().failureReason?.contains("ended from the server's dashboard") == true)
                #expect(await eventually { server.snapshot().sessions.isEmpty })
                let ended = try #require(server.snapshot().ended.first)
                #expect(ended.sessionID == id && ended.state == .failed)
                #expect(ended.deliveredBytes > 0, "its final figures, not a blank")
            }
        }
    }
}
