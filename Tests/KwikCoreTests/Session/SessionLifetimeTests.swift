@testable import KwikCore
import KwikSnapshot
import NIOPosix
import Testing

extension Loopback {
    /// A finished session is freed on both ends while the event loops go on: a reference cycle through
    /// its paths, timers or callbacks would keep every session a server ever ran.
    @Suite struct SessionLifetimeTests {
        final class Watched {
            weak var client: Session?
            weak var server: Session?
        }

        @Test(arguments: [ReaderMode.perPath, .globalPool])
        func aFinishedSessionIsFreedOnBothEnds(mode: ReaderMode) async throws {
            var configuration = EngineConfiguration()
            configuration.readerMode = mode
            let watched = Watched()
            try await withLoopbackServer(configuration: configuration) { server, group in
                try await Self.transfer(server, group, configuration, watched)
                #expect(await eventually { watched.client == nil }, "the client's session outlives its run")
                #expect(await eventually { watched.server == nil }, "the server's session outlives its run")
            }
        }

        /// Runs a short download, keeping only weak references to both ends' sessions.
        static func transfer(
            _ server: SessionServer, _ group: MultiThreadedEventLoopGroup, _ configuration: EngineConfiguration,
            _ watched: Watched
        ) async throws {
            var options = clientOptions(ports: server.ports, totalBytes: 4 << 20)
            options.configuration = configuration
            let client = try await SessionClient.connect(options, group: group, logger: quietLogger)
            watched.client = client.session
            watched.server = server.registry.activeSessions.first
            #expect(watched.server != nil)
            try await awaitCompletion(client.session)
            // Only the integrity of the stream: global-pool loses per-path order by design.
            let snapshot = client.session.snapshot()
            #expect(
                snapshot.verifiedBytes == 4 << 20 && snapshot.corruptBytes == 0 && snapshot.deliveryOrderViolations == 0
            )
        }
    }
}
