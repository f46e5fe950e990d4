@testable import KwikCore
import KwikMetrics
import NIOCore
import NIOEmbedded
import NIOPosix
import Testing

/// What a server refuses, and that a refusal or a silent connection never disturbs a running session.
@Suite(.serialized) struct LimitsTests {
    private func hello(_ kind: Hello.Kind, session: SessionID, path: UInt16 = 1) -> Hello {
        Hello(kind: kind, sessionID: session, pathID: path,
              parameters: SessionParameters(direction: .download, totalBytes: 0, packetSize: 16384, seed: 1, receiveWindow: 256))
    }

    @Test func sessionsBeyondTheLimitAreRefusedWithTheReason() throws {
        var configuration = EngineConfiguration()
        configuration.maximumSessions = 4
        let registry = SessionRegistry(configuration: configuration, logger: quietLogger)
        let loop = EmbeddedEventLoop()
        var sessions: [Session] = []
        for _ in 0..<4 {
            guard case .success(let session) = registry.admit(hello(.create, session: .random()), eventLoop: loop) else {
                Issue.record("a session within the limit was refused")
                return
            }
            sessions.append(session)
        }
        guard case .failure(let refusal) = registry.admit(hello(.create, session: .random()), eventLoop: loop) else {
            Issue.record("the fifth session was admitted")
            return
        }
        #expect(refusal.reason == .limitReached)
        #expect(refusal.message.contains("4 sessions"))
        #expect(registry.refusedJoins == 1)
        sessions.forEach { $0.fail("test over") }
        try loop.syncShutdownGracefully()
    }

    @Test func aPathBeyondTheLimitIsRefusedAndTheSessionGoesOn() async throws {
        try await withLoopbackServer(ports: 1) { server, group in
            let port = server.ports[0]
            // 17 paths to one port: path ids, not ports, tell them apart.
            var options = clientOptions(ports: Array(repeating: port, count: 17), totalBytes: 16 << 20)
            options.reconnect = false
            let client = try await SessionClient.connect(options, group: group, logger: quietLogger)
            try await awaitCompletion(client.session)
            let snapshot = client.session.snapshot()
            #expect(snapshot.verifiedBytes == 16 << 20)
            #expect(snapshot.corruptBytes == 0)
            // Paths 2…17 join at once: whichever comes last is the one refused.
            #expect(snapshot.paths.filter { $0.state == .failed }.count == 1)
            #expect(snapshot.paths.filter { $0.state == .active }.count == 16)
            #expect(snapshot.paths.filter { $0.rxPackets > 0 }.count > 1)
            #expect(server.registry.refusedJoins == 1)
        }
    }

    @Test func silentConnectionsAreClosedAfterTheHandshakeTimeoutWhileASessionRuns() async throws {
        var configuration = EngineConfiguration()
        configuration.handshakeTimeout = .milliseconds(300)
        try await withLoopbackServer(ports: 2, configuration: configuration) { server, group in
            let silent = try await withThrowingTaskGroup(of: (any Channel).self) { tasks in
                for index in 0..<100 {
                    let port = server.ports[index % 2]
                    tasks.addTask { try await ClientBootstrap(group: group).connect(host: "127.0.0.1", port: port).get() }
                }
                return try await tasks.reduce(into: []) { $0.append($1) }
            }
            let client = try await SessionClient.connect(
                clientOptions(ports: server.ports, totalBytes: 64 << 20), group: group, logger: quietLogger)
            try await awaitCompletion(client.session)
            let snapshot = client.session.snapshot()
            #expect(snapshot.verifiedBytes == 64 << 20 && snapshot.corruptBytes == 0)
            #expect(await eventually { silent.allSatisfy { !$0.isActive } }, "silent connections still open")
        }
    }
}
