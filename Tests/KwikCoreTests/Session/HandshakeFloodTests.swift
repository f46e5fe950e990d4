@testable import KwikCore
import KwikSnapshot
import KwikTestSupport
import NIOCore
import NIOPosix
import Testing

extension Loopback {
    /// Silent connections beyond the server's caps on connections still shaking hands, over real sockets.
    @Suite struct HandshakeFloodTests {
        /// Opens a connection from `source` that never sends a byte, once the server has taken in every
        /// earlier one: the order they were opened is then the order the server saw them in.
        static func silentConnection(
            from source: String, to port: Int, after earlier: Int, registry: SessionRegistry,
            group: any EventLoopGroup
        ) async throws -> any Channel {
            let channel = try await ClientBootstrap(group: group).bind(to: SocketAddress(ipAddress: source, port: 0))
                .connect(host: "127.0.0.1", port: port).get()
            let seen = await eventually {
                let hits = registry.limits.current
                let evicted = hits[.handshakesPending] + hits[.handshakesPerSource]
                return registry.handshakes.pendingCount + Int(evicted) == earlier + 1
            }
            #expect(seen, "the server did not take in the connection from \(source)")
            return channel
        }

        @Test func aFloodMakesWayOldestFirstAndAClientWhoseHelloFollowsAtOnceGetsIn() async throws {
            var configuration = EngineConfiguration()
            configuration.maximumPendingHandshakes = 8
            configuration.maximumPendingPerSource = 4
            // Only the caps close silent connections here.
            configuration.handshakeTimeout = .seconds(120)
            try await withLoopbackServer(ports: 2, configuration: configuration) { server, group in
                // Five from .2 (the fifth pushes out .2's first), four from .3 (eight waiting), one from .4
                // (pushes out the oldest of all, .2's second).
                let sources =
                    Array(repeating: "127.0.0.2", count: 5) + Array(repeating: "127.0.0.3", count: 4)
                    + ["127.0.0.4"]
                var silent: [any Channel] = []
                for (index, source) in sources.enumerated() {
                    silent.append(
                        try await Self.silentConnection(
                            from: source, to: server.ports[index % 2], after: index, registry: server.registry,
                            group: group))
                }
                #expect(server.registry.limits.current == LimitHits([.handshakesPerSource: 1, .handshakesPending: 1]))
                // The client's first path pushes out .2's third; it joins at once, so the second path finds
                // a free place.
                let total: UInt64 = 8 << 20
                let client = try await SessionClient.connect(
                    clientOptions(ports: server.ports, totalBytes: total), group: group, logger: quietLogger)
                try await awaitCompletion(client.session)
                expectIntact(client.session.snapshot(), total: total)
                #expect(
                    await eventually { silent.prefix(3).allSatisfy { !$0.isActive } },
                    "the three oldest silent connections are closed")
                #expect(silent.dropFirst(3).allSatisfy { $0.isActive }, "the newer ones still wait")
                #expect(server.registry.limits.current == LimitHits([.handshakesPerSource: 1, .handshakesPending: 2]))
                #expect(server.registry.handshakes.pendingCount == 7)
                for channel in silent { try? await channel.close() }
            }
        }
    }
}
