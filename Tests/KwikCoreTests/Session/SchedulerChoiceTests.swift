@testable import KwikCore
import KwikSnapshot
import Testing

extension Loopback {
    /// The scheduler a client picks reaches the end that sends its download (the server), in the HELLO
    /// and later in SCHEDULER, and the server's STATS say which one it uses.
    @Suite struct SchedulerChoiceTests {
        @Test func theClientsSchedulerDrivesTheServersSender() async throws {
            try await withLoopbackServer(ports: 2) { server, group in
                var options = clientOptions(ports: server.ports, totalBytes: 0)
                options.configuration.scheduler = .roundrobin
                let client = try await SessionClient.connect(options, group: group, logger: quietLogger)
                let sending = try #require(server.registry.activeSessions.first)
                #expect(sending.sender.scheduler == .roundrobin, "from the HELLO")
                #expect(await eventually { client.session.snapshot().peer?.scheduler == .roundrobin })

                client.session.setScheduler(.redundant)
                #expect(await eventually { sending.sender.scheduler == .redundant }, "from SCHEDULER")
                #expect(await eventually { client.session.snapshot().peer?.scheduler == .redundant }, "from STATS")
                client.session.finish()
                try await awaitCompletion(client.session)
                #expect(client.session.snapshot().corruptBytes == 0)
            }
        }
    }
}
