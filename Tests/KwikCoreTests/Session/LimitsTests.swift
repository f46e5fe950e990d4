@testable import KwikCore
import KwikSnapshot
import KwikTestSupport
import NIOCore
import NIOEmbedded
import NIOPosix
import Testing

extension Loopback {
    /// What a server refuses, and that a refusal or a silent connection never disturbs a running session.
    @Suite struct LimitsTests {
        private func hello(_ kind: Hello.Kind, session: SessionID, path: UInt16 = 1) -> Hello {
            Hello(
                kind: kind, sessionID: session, pathID: path,
                parameters: SessionParameters(
                    direction: .download, totalBytes: 0, packetSize: 16384, seed: 1, receiveWindow: 256))
        }

        @Test func sessionsBeyondTheLimitAreRefusedWithTheReason() throws {
            var configuration = EngineConfiguration()
            configuration.maximumSessions = 4
            let registry = SessionRegistry(configuration: configuration, logger: quietLogger)
            let loop = EmbeddedEventLoop()
            var sessions: [Session] = []
            for _ in 0..<4 {
                guard case .success(let session) = registry.admit(hello(.create, session: .random()), eventLoop: loop)
                else {
                    Issue.record("a session within the limit was refused")
                    return
                }
                sessions.append(session)
            }
            guard case .failure(let refusal) = registry.admit(hello(.create, session: .random()), eventLoop: loop)
            else {
                Issue.record("the fifth session was admitted")
                return
            }
            #expect(refusal.reason == .limitReached)
            #expect(refusal.message.contains("4 sessions"))
            #expect(registry.refusedJoins == 1)
            #expect(registry.limits.current == LimitHits([.sessionsPerServer: 1]))
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
                #expect(server.registry.limits.current == LimitHits([.pathsPerSession: 1]))
            }
        }

        @Test func silentConnectionsAreClosedAfterTheHandshakeTimeoutWhileASessionRuns() async throws {
            var configuration = EngineConfiguration()
            configuration.handshakeTimeout = .milliseconds(300)
            // All from one address, and only the timeout is to close them.
            configuration.maximumPendingPerSource = configuration.maximumPendingHandshakes
            try await withLoopbackServer(ports: 2, configuration: configuration) { server, group in
                let silent = try await withThrowingTaskGroup(of: (any Channel).self) { tasks in
                    for index in 0..<100 {
                        let port = server.ports[index % 2]
                        tasks.addTask {
                            try await ClientBootstrap(group: group).connect(host: "127.0.0.1", port: port).get()
                        }
                    }
                    return try await tasks.reduce(into: []) { $0.append($1) }
                }
                let client = try await SessionClient.connect(
                    clientOptions(ports: server.ports, totalBytes: 64 << 20), group: group, logger: quietLogger)
                try await awaitCompletion(client.session)
                let snapshot = client.session.snapshot()
                #expect(snapshot.verifiedBytes == 64 << 20 && snapshot.corruptBytes == 0)
                #expect(await eventually { silent.allSatisfy { !$0.isActive } }, "silent connections still open")
                #expect(server.registry.limits.current == LimitHits([.handshakeTimeout: 100]))
            }
        }

        // MARK: A joined path that breaks the receive limits

        static let packetSize = EngineConfiguration().packetSize

        /// Opens a raw connection that joins a live session with `hello`, waits for HELLO_ACK, sends what
        /// `frames` makes at that moment and reads until the server closes the connection.
        static func joinAndSend(
            _ hello: Hello, port: Int, group: any EventLoopGroup, frames: @escaping @Sendable () -> [Frame]
        ) async throws {
            let channel = try await ClientBootstrap(group: group).connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
            try await channel.executeThenClose { inbound, outbound in
                try await outbound.write(encoded([.hello(hello)]))
                var parts = inbound.makeAsyncIterator()
                var received = ByteBufferAllocator().buffer(capacity: 256)
                var joined = false
                while !joined, var part = try await parts.next() {
                    received.writeBuffer(&part)
                    while let frame = try FrameParser().next(from: &received) {
                        if case .helloAck = frame { joined = true }
                    }
                }
                #expect(joined, "the join was not acknowledged")
                try await outbound.write(encoded(frames()))
                // Until the server closes the connection.
                while try await parts.next() != nil {}
            }
        }

        /// An upload over one path, slow enough to still be running after another path has been dealt with.
        /// The path's 50 ms keep about ten packets in flight: the packets a test slips in ahead of the stream
        /// (each the one the client will send there) are acknowledged only once the client has sent them too.
        static func slowUpload(
            _ server: SessionServer, total: UInt64, group: any EventLoopGroup, bitsPerSecond: Double
        ) async throws -> SessionClient {
            var options = clientOptions(ports: [server.ports[0]], totalBytes: total, direction: .upload)
            options.configuration.profiles = [1: ImpairmentProfile(delay: .milliseconds(50), rate: bitsPerSecond)]
            return try await SessionClient.connect(options, group: group, logger: quietLogger)
        }

        @Test func anOversizedPayloadClosesItsPathWhileAnotherPathDeliversEveryByte() async throws {
            let total: UInt64 = 16 << 20
            let log = LogRecorder()
            try await withLoopbackServer(ports: 2, logger: log.logger) { server, group in
                let client = try await Self.slowUpload(server, total: total, group: group, bitsPerSecond: 50e6)
                let receiver = try #require(server.registry.activeSessions.first)
                let oversized = Frame.data(
                    DataFrame(
                        header: DataHeader(globalSequence: 0, pathSequence: 1, sentAt: 0),
                        payload: ByteBuffer(repeating: 7, count: Self.packetSize + 1)))
                let hello = client.session.joinHello(pathID: 2, standby: false)
                try await withTimeout("the server to close the path") {
                    try await Self.joinAndSend(hello, port: server.ports[1], group: group) { [oversized] }
                }
                #expect(
                    !(receiver.verifier.current.delivered >= total),
                    "the transfer must still be running when the path is closed")
                let verified = receiver.verifier.current.verified
                #expect(
                    await eventually { receiver.verifier.current.verified > verified + (1 << 20) },
                    "path 1 keeps delivering")
                try await awaitCompletion(client.session)
                let snapshot = receiver.snapshot()
                expectIntact(snapshot, total: total)
                #expect(snapshot.limitHits == LimitHits([.payloadSize: 1]))
                #expect(server.registry.limits.current == LimitHits([.payloadSize: 1]))
                #expect(
                    receiver.pathRecord(2).pool.counters.gets == 0, "the payload was refused before it took a buffer")
                let reason =
                    "DATA payload of \(Self.packetSize + 1) bytes is larger than the session's packet size of "
                    + "\(Self.packetSize)"
                #expect(
                    log.warnings.contains { $0.contains("closing path 2") && $0.contains(reason) }, "\(log.warnings)")
            }
        }

        @Test func outOfOrderBytesBeyondTheLimitCloseTheirPathWhileAnotherPathDeliversEveryByte() async throws {
            let total: UInt64 = 8 << 20
            var configuration = EngineConfiguration()
            configuration.maximumReorderBytes = 4 * Self.packetSize
            let log = LogRecorder()
            try await withLoopbackServer(ports: 2, configuration: configuration, logger: log.logger) { server, group in
                let client = try await Self.slowUpload(server, total: total, group: group, bitsPerSecond: 20e6)
                let receiver = try #require(server.registry.activeSessions.first)
                // Five packets well ahead of the stream, each holding what the client will send there: four
                // fill the limit, the fifth would go beyond it.
                let pattern = StreamPattern(seed: Session.seed(42, sentBy: .client))
                let packetSize = Self.packetSize
                let ahead: @Sendable () -> [Frame] = {
                    let first = receiver.multiplexer.nextExpected + 200
                    return (0..<5).map { index in
                        let sequence = first + UInt64(index)
                        var payload = ByteBufferAllocator().buffer(capacity: packetSize)
                        pattern.write(from: sequence * UInt64(packetSize), count: packetSize, into: &payload)
                        return .data(
                            DataFrame(
                                header: DataHeader(
                                    globalSequence: sequence, pathSequence: UInt64(index) + 1, sentAt: 0),
                                payload: payload))
                    }
                }
                let hello = client.session.joinHello(pathID: 2, standby: false)
                try await withTimeout("the server to close the path") {
                    try await Self.joinAndSend(hello, port: server.ports[1], group: group, frames: ahead)
                }
                #expect(
                    !(receiver.verifier.current.delivered >= total),
                    "the transfer must still be running when the path is closed")
                let verified = receiver.verifier.current.verified
                #expect(
                    await eventually { receiver.verifier.current.verified > verified + (1 << 20) },
                    "path 1 keeps delivering")
                try await awaitCompletion(client.session)
                let snapshot = receiver.snapshot()
                expectIntact(snapshot, total: total)
                #expect(snapshot.duplicatesDropped == 4, "the client's own copies of the four packets that waited")
                #expect(snapshot.limitHits == LimitHits([.reorderBytes: 1]))
                #expect(server.registry.limits.current == LimitHits([.reorderBytes: 1]))
                let reason = "would take the reorder buffer beyond its maximum of \(4 * Self.packetSize) bytes"
                #expect(
                    log.warnings.contains { $0.contains("closing path 2") && $0.contains(reason) }, "\(log.warnings)")
            }
        }
    }
}
