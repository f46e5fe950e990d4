@testable import KwikCore
import KwikSnapshot
import NIOCore
import NIOPosix
import Testing

extension Loopback {
    /// Paths that lose their link: refused for longer than any fixed number of attempts, or silent.
    @Suite struct ReconnectTests {
        static let total: UInt64 = 32 << 20

        /// Paced, so the run outlasts the outages played on path 2.
        func options(_ server: SessionServer, gate: TCPGate) -> SessionClient.Options {
            var options = clientOptions(ports: [server.ports[0], gate.port], totalBytes: Self.total)
            options.rate = 16 << 20
            options.firstBackoff = .milliseconds(1)
            options.maximumBackoff = .milliseconds(10)
            return options
        }

        @Test func aPathRefusedTwentyTimesJoinsOnceItsLinkIsBack() async throws {
            let snapshot = try await withLoopbackServer(ports: 2) { server, group in
                let gate = try await TCPGate(target: server.ports[1], group: group)
                let client = try await SessionClient.connect(
                    options(server, gate: gate), group: group, logger: quietLogger)
                let session = client.session
                func path2() -> PathSnapshot? { session.snapshot().paths.first { $0.id == 2 } }
                #expect(await eventually { (path2()?.reconnect?.attempt ?? 0) >= 20 })
                let waiting = path2()
                #expect(waiting?.state == .reconnecting)
                #expect(waiting?.reconnect?.lastError?.contains("connection refused") == true)
                #expect(waiting?.reconnect?.summary.hasPrefix("reconnecting (attempt ") == true)
                try await gate.open()
                #expect(await eventually { path2()?.state == .active })
                #expect(path2()?.reconnect == nil)
                try await awaitCompletion(session)
                try await gate.close()
                return session.snapshot()
            }
            expectIntact(snapshot, total: Self.total)
            #expect(snapshot.paths.first { $0.id == 2 }?.rxBytes ?? 0 > 0)
        }

        @Test func aSilentConnectionIsReplacedByAFreshOne() async throws {
            let (snapshot, relayed) = try await withLoopbackServer(ports: 2) { server, group in
                let gate = try await TCPGate(target: server.ports[1], group: group)
                try await gate.open()
                var options = options(server, gate: gate)
                options.replaceStaleAfter = .milliseconds(200)
                let client = try await SessionClient.connect(options, group: group, logger: quietLogger)
                let session = client.session
                func path2() -> PathSnapshot? { session.snapshot().paths.first { $0.id == 2 } }
                #expect(await eventually { (path2()?.rxBytes ?? 0) > 0 })
                gate.silenceExisting()
                #expect(await eventually { gate.connectionsRelayed >= 2 && path2()?.state == .active })
                try await awaitCompletion(session)
                try await gate.close()
                return (session.snapshot(), gate.connectionsRelayed)
            }
            expectIntact(snapshot, total: Self.total)
            #expect(relayed >= 2, "a second connection was opened beside the silent one")
            #expect(snapshot.failovers.contains { $0.path == 2 && $0.cause == .stale })
            #expect(snapshot.paths.first { $0.id == 2 }?.binding?.interface == "lo")
        }
    }
}
