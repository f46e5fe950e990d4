@testable import KwikCore
import KwikSnapshot
import KwikTestSupport
import NIOCore
import NIOPosix
import Testing

extension Loopback {
    /// Real sessions over loopback TCP. Serialized: the machine is small and each run is a burst.
    @Suite struct EndToEndTests {
        static let total: UInt64 = 32 << 20

        /// Connects a client for `total` bytes to the server's ports and waits for the run to end.
        func run(
            _ server: SessionServer, _ group: any EventLoopGroup, ports: [Int]? = nil, total: UInt64 = total,
            direction: SessionParameters.Direction = .download,
            configure: (inout SessionClient.Options) -> Void = { _ in },
            during: (Session) async throws -> Void = { _ in }
        ) async throws -> SessionSnapshot {
            var options = clientOptions(ports: ports ?? server.ports, totalBytes: total, direction: direction)
            configure(&options)
            let client = try await SessionClient.connect(options, group: group, logger: quietLogger)
            try await during(client.session)
            try await awaitCompletion(client.session)
            return client.session.snapshot()
        }

        @Test func downloadOverFourPathsWithTheDefaultScheduler() async throws {
            let snapshot = try await withLoopbackServer { server, group in
                let snapshot = try await run(server, group)
                #expect(
                    await eventually(timeout: .seconds(5)) { server.registry.activeSessions.isEmpty },
                    "the server forgets a finished session")
                return snapshot
            }
            #expect(snapshot.state == .completed)
            #expect(snapshot.scheduler == .ecf)
            #expect(snapshot.paths.count == 4)
            expectIntact(snapshot, total: Self.total)
            // A loaded machine (a sanitizer, a parallel build) can make a path's head late enough for
            // the sender to copy it to another path; the receiver drops the copy. Only a few, and
            // every one is accounted for.
            let packetSize = UInt64(EngineConfiguration().packetSize)
            let duplicates = snapshot.duplicatesDropped
            #expect(duplicates * 20 <= Self.total / packetSize)
            #expect(snapshot.paths.map(\.rxBytes).reduce(0, +) == Self.total + duplicates * packetSize)
            for path in snapshot.paths {
                #expect(path.pool.gets == path.pool.hits + path.pool.misses)
                #expect(path.pool.outstanding == 0, "path \(path.id) kept buffers")
                #expect(path.pool.returns == path.pool.gets)
            }
            let gets = snapshot.paths.map(\.pool.gets).reduce(0, +)
            let hits = snapshot.paths.map(\.pool.hits).reduce(0, +)
            #expect(gets == Self.total / packetSize + duplicates)
            #expect(hits * 2 > gets, "most packets are served from the pools without allocating")
        }

        @Test func downloadWithRoundRobinUsesEveryPath() async throws {
            let snapshot = try await withLoopbackServer(
                configuration: {
                    var configuration = EngineConfiguration()
                    configuration.scheduler = .roundrobin
                    return configuration
                }()
            ) { server, group in
                try await run(server, group)
            }
            expectIntact(snapshot, total: Self.total)
            // Turns go to the paths with room, so a path whose reader the loaded machine slows carries
            // less; the strict rotation is the scheduler's unit test. Here every path must take part.
            for path in snapshot.paths {
                let share = Double(path.deliveredBytes) / Double(snapshot.deliveredBytes)
                #expect(share > 0.02, "path \(path.id) carried \(share)")
                #expect(path.rxPackets > 0)
            }
        }

        @Test func bothDirections() async throws {
            let total: UInt64 = 16 << 20
            let snapshot = try await withLoopbackServer { server, group in
                try await run(server, group, total: total, direction: .both)
            }
            expectIntact(snapshot, total: total)
            let peer = try #require(snapshot.peer)
            #expect(peer.deliveredBytes == total && peer.verifiedBytes == total)
            #expect(peer.corruptBytes == 0 && peer.deliveryOrderViolations == 0 && peer.orderingViolations == 0)
            #expect(snapshot.sentBytes >= total)
            // The server's sender carries what the client receives: its STATS name each path's model.
            #expect(Set(peer.paths.map(\.id)) == Set(snapshot.paths.map(\.id)))
            #expect(snapshot.dataDirections == [.send, .receive])
            let ended = try #require(snapshot.endedAt)
            #expect(ended > 0 && ended <= snapshot.uptime && snapshot.runSeconds == ended)
        }

        @Test func upload() async throws {
            let total: UInt64 = 16 << 20
            let snapshot = try await withLoopbackServer { server, group in
                try await run(server, group, total: total, direction: .upload)
            }
            #expect(snapshot.state == .completed)
            #expect(snapshot.deliveredBytes == 0, "the client only sends")
            #expect(snapshot.sentBytes >= total)
            let peer = try #require(snapshot.peer)
            #expect(peer.deliveredBytes == total && peer.verifiedBytes == total && peer.corruptBytes == 0)
            #expect(peer.deliveryOrderViolations == 0 && peer.orderingViolations == 0)
        }

        /// The server's egress limited to `mbit` per path, so a run lasts long enough to act on it.
        static func throttled(mbit: Double = 100) -> EngineConfiguration {
            var configuration = EngineConfiguration()
            for path in 1...4 { configuration.profiles[path] = ImpairmentProfile(rate: mbit * 1e6) }
            return configuration
        }

        static func rxPackets(_ session: Session, _ path: Int) -> UInt64 {
            session.pathRecord(path).counters.rxPackets.load(ordering: .relaxed)
        }

        @Test func disableThenEnableAPathMidTransfer() async throws {
            let total: UInt64 = 32 << 20
            let snapshot = try await withLoopbackServer(configuration: Self.throttled()) { server, group in
                try await run(
                    server, group, total: total,
                    during: { session in
                        #expect(await eventually { session.verifier.current.delivered >= 2 << 20 })
                        session.perform(.disable, onPath: 2)
                        #expect(session.sender.pathState(2) == .disabled)
                        let at = session.verifier.current.delivered
                        #expect(await eventually { session.verifier.current.delivered >= at + (4 << 20) })
                        #expect(
                            !(session.verifier.current.delivered >= total),
                            "the transfer must still be running when the path is enabled again")
                        let before = Self.rxPackets(session, 2)
                        session.perform(.enable, onPath: 2)
                        #expect(session.sender.pathState(2) == .active)
                        // The server hears PATH_STATUS and puts data on path 2 again.
                        #expect(
                            await eventually { Self.rxPackets(session, 2) > before + 10 }, "path 2 carries data again")
                        #expect(!(session.verifier.current.delivered >= total))
                    })
            }
            expectIntact(snapshot, total: total)
            let event = snapshot.failovers.first { $0.path == 2 }
            #expect(event?.cause == .disabled)
            #expect(event?.resumedAt != nil)
            #expect(snapshot.paths.count == 4)
        }

        @Test func killAPathMidTransferAndItComesBack() async throws {
            let total: UInt64 = 32 << 20
            let snapshot = try await withLoopbackServer(configuration: Self.throttled()) { server, group in
                try await run(
                    server, group, total: total,
                    during: { session in
                        #expect(await eventually { session.verifier.current.delivered >= 2 << 20 })
                        session.perform(.kill, onPath: 3)
                        // The reconnect can beat a poll of the path's state; the failover log keeps the kill.
                        #expect(
                            await eventually {
                                session.sender.pathState(3) != .active
                                    || session.snapshot().failovers.contains { $0.path == 3 && $0.cause == .killed }
                            }, "the kill is noticed")
                        let cameBack = await eventually {
                            session.connectedPathCount == 4 && session.sender.pathState(3) == .active
                        }
                        #expect(cameBack, "path 3 reconnects")
                        #expect(
                            !(session.verifier.current.delivered >= total),
                            "the transfer must still be running when path 3 is back")
                        let before = Self.rxPackets(session, 3)
                        #expect(
                            await eventually { Self.rxPackets(session, 3) > before + 10 }, "path 3 carries data again")
                    })
            }
            expectIntact(snapshot, total: total)
            let event = snapshot.failovers.first { $0.path == 3 }
            #expect(event?.cause == .killed)
            #expect(snapshot.paths.first { $0.id == 3 }?.state == .active || snapshot.state == .completed)
        }

        @Test func blackholedPathGoesStaleAndComesBackAfterRestore() async throws {
            let total: UInt64 = 32 << 20
            let snapshot = try await withLoopbackServer(configuration: Self.throttled()) { server, group in
                try await run(
                    server, group, total: total,
                    during: { session in
                        #expect(await eventually { session.verifier.current.delivered >= 2 << 20 })
                        session.perform(.blackhole, onPath: 2)
                        #expect(
                            await eventually(timeout: .seconds(5)) { session.sender.pathState(2) == .stale },
                            "silence is detected")
                        // The server, which sends, notices too and re-injects what it had in flight on path 2.
                        let serverSession = try #require(server.registry.activeSessions.first)
                        #expect(
                            await eventually(timeout: .seconds(5)) { serverSession.sender.pathState(2) == .stale },
                            "the server detects it too")
                        #expect(!(session.verifier.current.delivered >= total))
                        session.perform(.restore, onPath: 2)
                        #expect(
                            await eventually(timeout: .seconds(5)) { session.sender.pathState(2) == .active },
                            "path 2 answers again")
                    })
            }
            expectIntact(snapshot, total: total)
            let event = snapshot.failovers.first { $0.path == 2 }
            #expect(event?.cause == .stale)
            #expect(event?.resumedAt != nil)
        }

        /// Only the receiving end notices the silence: the path is restored before the sender's (longer) stale
        /// timeout. The receiver's failover event must still be resolved once delivery goes on.
        @Test
        func failoverSeenOnlyByTheReceiverIsResolved() async throws {
            let total: UInt64 = 32 << 20
            var serverConfiguration = Self.throttled()
            serverConfiguration.staleTimeout = .seconds(30)
            let snapshot = try await withLoopbackServer(configuration: serverConfiguration) { server, group in
                try await run(
                    server, group, total: total, configure: { $0.configuration.staleTimeout = .milliseconds(200) },
                    during: { session in
                        #expect(await eventually { session.verifier.current.delivered >= 2 << 20 })
                        session.perform(.blackhole, onPath: 2)
                        #expect(await eventually(timeout: .seconds(5)) { session.sender.pathState(2) == .stale })
                        session.perform(.restore, onPath: 2)
                        #expect(await eventually(timeout: .seconds(5)) { session.sender.pathState(2) == .active })
                    })
            }
            expectIntact(snapshot, total: total)
            let event = snapshot.failovers.first { $0.path == 2 }
            #expect(event?.cause == .stale)
            #expect(event?.resumedAt != nil, "\(String(describing: event))")
        }

        @Test func garbageOnAnotherConnectionIsClosedWhileASessionRuns() async throws {
            let total: UInt64 = 16 << 20
            let snapshot = try await withLoopbackServer { server, group in
                let ports = server.ports
                let intruder = try await ClientBootstrap(group: group).connect(host: "127.0.0.1", port: ports[3]).get()
                let snapshot = try await run(
                    server, group, ports: Array(ports.prefix(3)), total: total,
                    during: { _ in
                        var random = SeededGenerator(seed: 7)
                        var garbage = intruder.allocator.buffer(capacity: 4096)
                        garbage.writeInteger(UInt8(0xFF))  // a length far beyond the maximum
                        for _ in 0..<4095 { garbage.writeInteger(UInt8.random(in: 0...255, using: &random)) }
                        try await intruder.writeAndFlush(garbage)
                    })
                let closed = await eventually(timeout: .seconds(5)) { !intruder.isActive }
                #expect(closed, "the server closes a connection that sends garbage")
                #expect(server.registry.limits.current == LimitHits([.frameSize: 1]))
                try? await intruder.close()
                return snapshot
            }
            expectIntact(snapshot, total: total)
            #expect(snapshot.paths.count == 3)
        }
    }
}
