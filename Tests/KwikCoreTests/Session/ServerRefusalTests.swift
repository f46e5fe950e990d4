@testable import KwikCore
import KwikSnapshot
import KwikTestSupport
import NIOCore
import NIOPosix
import Testing

extension Loopback {
    /// What a server says, over real sockets, to connections it will not admit.
    @Suite struct ServerRefusalTests {
        /// Sends `frame` on a raw TCP connection and collects every frame until the server closes it.
        static func rawExchange(_ frame: Frame, port: Int, group: any EventLoopGroup) async throws -> [Frame] {
            let channel = try await ClientBootstrap(group: group).connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
            return try await channel.executeThenClose { inbound, outbound in
                try await outbound.write(encoded([frame]))
                var bytes = ByteBufferAllocator().buffer(capacity: 64)
                for try await var part in inbound { bytes.writeBuffer(&part) }  // ends when the server closes
                var frames: [Frame] = []
                while let frame = try FrameParser().next(from: &bytes) { frames.append(frame) }
                return frames
            }
        }

        @Test func refusalsOverRealSockets() async throws {
            try await withLoopbackServer { server, group in
                let parameters = SessionParameters(
                    direction: .download, totalBytes: 1 << 20, packetSize: 16384, seed: 1, receiveWindow: 64)
                let mismatch = Frame.hello(
                    Hello(
                        version: ProtocolVersion.current + 1, kind: .create, sessionID: .random(), pathID: 1,
                        parameters: parameters))
                let unknown = Frame.hello(Hello(kind: .join, sessionID: .random(), pathID: 2, parameters: parameters))
                let frames = try await withTimeout("the server to close a refused connection") {
                    try await Self.rawExchange(mismatch, port: server.ports[0], group: group)
                }
                guard case .goodbye(let goodbye)? = frames.first, frames.count == 1 else {
                    Issue.record("expected one GOODBYE, got \(frames)")
                    return
                }
                #expect(goodbye.reason == .versionMismatch)
                let second = try await withTimeout("the server to close a refused connection") {
                    try await Self.rawExchange(unknown, port: server.ports[1], group: group)
                }
                #expect(
                    second == [
                        .goodbye(
                            Goodbye(reason: .unknownSession, message: "unknown session \(Self.sessionID(of: unknown))"))
                    ])
                #expect(server.registry.refusedJoins == 1)
                #expect(server.registry.activeSessions.isEmpty)
            }
        }

        static func sessionID(of frame: Frame) -> SessionID {
            if case .hello(let hello) = frame { return hello.sessionID }
            return SessionID(high: 0, low: 0)
        }

        @Test func connectingToAClosedPortIsRefused() async throws {
            let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
            // Find a port nobody listens on: bind one, then close it.
            let probe = try await ServerBootstrap(group: group).bind(host: "127.0.0.1", port: 0).get()
            let port = try #require(probe.localAddress?.port)
            try await probe.close()
            do {
                _ = try await SessionClient.connect(
                    clientOptions(ports: [port], totalBytes: 1 << 20), group: group, logger: quietLogger)
                Issue.record("connected to a closed port")
            } catch let error as EngineError {
                #expect("\(error)".contains("refused"), "\(error)")
            }
            try await group.shutdownGracefully()
        }
    }
}
