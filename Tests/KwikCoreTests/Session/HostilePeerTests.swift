@testable import KwikCore
import KwikSnapshot
import KwikTestSupport
import NIOCore
import NIOPosix
import Testing

extension Loopback {
    /// Peers that follow the wire format but not the protocol's spirit: they claim huge windows,
    /// stop reading, never acknowledge, or sit on a full server. None of them may cost the server
    /// more than its limits, and none may keep a real client out.
    @Suite struct HostilePeerTests {
        static func create(window: UInt32 = 256, totalBytes: UInt64 = 0) -> Hello {
            Hello(
                kind: .create, sessionID: .random(), pathID: 1,
                parameters: SessionParameters(
                    direction: .download, totalBytes: totalBytes, packetSize: 16384, seed: 1, receiveWindow: window))
        }

        /// Waits until the server has handled everything `peer` sent so far: it answers PINGs in order.
        static func roundTrip(_ peer: RawPeer) async -> Bool {
            let beat = Heartbeat(timestamp: UInt64.random(in: 1...UInt64.max))
            peer.send([.ping(beat)])
            return await eventually { peer.current.pongs.contains(beat) }
        }

        /// The largest window and path acknowledgements covering everything, the cumulative one never
        /// moving: the server would keep everything it ever sent. It stops at its send buffer instead.
        @Test func aGreedyWindowStopsAtTheSendBuffer() async throws {
            var configuration = EngineConfiguration()
            configuration.maximumSendBuffer = 64 * 16384
            try await withLoopbackServer(ports: 1, configuration: configuration) { server, group in
                let peer = try await RawPeer.connect(
                    port: server.ports[0], group: group, hello: Self.create(window: .max)
                ) { frame, seen in
                    guard case .data = frame else { return [] }
                    return [.dataAck(DataAck(cumulative: 0, window: .max, pathAck: seen.highestPathSequence))]
                }
                #expect(await eventually { peer.current.dataFrames == 64 })
                #expect(await Self.roundTrip(peer), "the server answers")
                let session = try #require(server.registry.activeSessions.first)
                #expect(session.sender.summary().queued == 64)
                #expect(peer.current.dataFrames == 64, "nothing beyond the send buffer")
                await peer.close()
            }
        }

        @Test func aDataAckOfWhatWasNeverSentClosesThePath() async throws {
            let log = LogRecorder()
            try await withLoopbackServer(ports: 1, logger: log.logger) { server, group in
                let peer = try await RawPeer.connect(
                    port: server.ports[0], group: group, hello: Self.create(window: 4)
                ) { frame, seen in
                    guard case .data = frame, seen.dataFrames == 4 else { return [] }
                    return [.dataAck(DataAck(cumulative: 0, window: 4, pathAck: 5))]
                }
                #expect(await eventually { !peer.channel.isActive }, "the server closes the path")
                #expect(server.registry.limits.current[.protocolViolation] == 1)
                #expect(log.warnings.contains { $0.contains("DATA_ACK for path sequence 5, but only 4 were sent") })
            }
        }

        /// A peer that sends nothing and reads nothing once its session exists: its path is closed after
        /// the progress timeout, and its session once no path is left.
        @Test func aPeerThatNeitherReadsNorAnswersLosesItsPathAndItsSession() async throws {
            var configuration = EngineConfiguration()
            configuration.progressTimeout = .seconds(1)
            configuration.orphanTimeout = .milliseconds(100)
            try await withLoopbackServer(ports: 1, configuration: configuration) { server, group in
                let peer = try await RawPeer.connect(
                    port: server.ports[0], group: group, hello: Self.create(), reads: false)
                // The peer reads nothing, so it would not notice the close: the server's count tells.
                #expect(await eventually { server.registry.limits.current[.noProgress] == 1 })
                #expect(await eventually { server.registry.activeSessions.isEmpty })
                await peer.close()
            }
        }

        /// Answering PINGs keeps a path heard; acknowledging nothing still ends the session.
        @Test func aSessionWhosePeerNeverAcknowledgesEnds() async throws {
            var configuration = EngineConfiguration()
            configuration.progressTimeout = .seconds(1)
            try await withLoopbackServer(ports: 1, configuration: configuration) { server, group in
                let peer = try await RawPeer.connect(
                    port: server.ports[0], group: group, hello: Self.create()
                ) { frame, _ in
                    guard case .ping(let beat) = frame else { return [] }
                    return [.pong(beat)]
                }
                let session = try await withTimeout("the session") {
                    while server.registry.activeSessions.isEmpty { try await Task.sleep(for: .milliseconds(2)) }
                    return server.registry.activeSessions[0]
                }
                await #expect(throws: EngineError.self) { try await awaitCompletion(session) }
                #expect(session.snapshot().failureReason?.contains("no progress") == true)
                #expect(server.registry.limits.current[.noProgress] == 1)
                await peer.close()
            }
        }

        /// A full server of sessions that never move data makes room for a real client.
        @Test func aFullServerEvictsTheStillestSessionForANewOne() async throws {
            var configuration = EngineConfiguration()
            configuration.maximumSessions = 2
            configuration.progressTimeout = .seconds(1)
            try await withLoopbackServer(ports: 1, configuration: configuration) { server, group in
                var squatters: [RawPeer] = []
                for _ in 0..<2 {
                    squatters.append(
                        try await RawPeer.connect(
                            port: server.ports[0], group: group, hello: Self.create(), reads: false))
                }
                let evictable = TimeAmount.milliseconds(200)
                #expect(
                    await eventually {
                        let sessions = server.registry.activeSessions
                        return sessions.count == 2 && sessions.allSatisfy { $0.stillFor() >= evictable }
                    })
                let total: UInt64 = 4 << 20
                let client = try await SessionClient.connect(
                    clientOptions(ports: server.ports, totalBytes: total), group: group, logger: quietLogger)
                try await awaitCompletion(client.session)
                expectIntact(client.session.snapshot(), total: total)
                #expect(server.registry.limits.current[.sessionEvicted] == 1)
                #expect(server.registry.limits.current[.sessionsPerServer] == 0)
                for squatter in squatters { await squatter.close() }
            }
        }

        /// Someone with the secret joins path 1 while the client's own connection of it carries data,
        /// then leaves: the server drops the client's connection for the newcomer, the client
        /// re-injects what it had in flight there and reconnects path 1, and every byte arrives intact.
        @Test func anOverlappingConnectionOfAPathIDLosesNoByte() async throws {
            try await withLoopbackServer(ports: 2) { server, group in
                let total: UInt64 = 32 << 20
                var options = clientOptions(ports: server.ports, totalBytes: total, direction: .upload)
                options.configuration.profiles = [1: ImpairmentProfile(rate: 100e6), 2: ImpairmentProfile(rate: 100e6)]
                let client = try await SessionClient.connect(options, group: group, logger: quietLogger)
                let receiver = try #require(server.registry.activeSessions.first)
                #expect(await eventually { receiver.snapshot().deliveredBytes > 2 << 20 })
                let hello = client.session.joinHello(pathID: 1, standby: false)
                let intruder = try await RawPeer.connect(port: server.ports[0], group: group, hello: hello)
                #expect(await eventually { intruder.current.helloAck != nil })
                await intruder.close()
                try await awaitCompletion(client.session, timeout: .seconds(40))
                expectIntact(receiver.snapshot(), total: total)
                #expect(client.session.snapshot().failovers.contains { $0.path == 1 }, "path 1 was taken over")
                #expect(client.session.snapshot().paths.first { $0.id == 1 }?.state == .active)
            }
        }
    }
}
