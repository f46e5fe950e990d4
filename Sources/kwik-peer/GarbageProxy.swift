import KwikCore
import KwikTestSupport
import NIOCore
import NIOPosix

/// A TCP proxy in front of one server path. On its first connection only it forwards what the server
/// sends frame by frame and, after `injectAfter` frames, slips in a frame header advertising almost
/// 4 GiB, then keeps forwarding. The client must close that path with a logged reason and go on over
/// the others.
struct GarbageProxy {
    typealias Connection = NIOAsyncChannel<ByteBuffer, ByteBuffer>

    let listenPort: Int
    let targetPort: Int
    let injectAfter: Int

    static let garbage =
        frameHeader(length: 0xFFFF_FFF0, type: FrameType.data.rawValue)
        + Array(repeating: [0xDE, 0xAD, 0xBE, 0xEF], count: 4).joined()

    func run() async throws {
        let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: listenPort) { channel in
                channel.eventLoop.makeCompletedFuture { try Connection(wrappingChannelSynchronously: channel) }
            }
        say("proxy ready")
        try await listener.executeThenClose { clients in
            try await withThrowingDiscardingTaskGroup { relays in
                var first = true
                for try await client in clients {
                    let inject = first ? injectAfter : nil
                    first = false
                    relays.addTask { try? await relay(client, injectingAfter: inject) }
                }
            }
        }
    }

    /// Forwards both ways until either side closes, then closes both.
    private func relay(_ client: Connection, injectingAfter inject: Int?) async throws {
        try await client.executeThenClose { fromClient, toClient in
            let server = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connect(host: "127.0.0.1", port: targetPort) { channel in
                    channel.eventLoop.makeCompletedFuture { try Connection(wrappingChannelSynchronously: channel) }
                }
            try await server.executeThenClose { fromServer, toServer in
                try await withThrowingTaskGroup(of: Void.self) { directions in
                    directions.addTask {
                        for try await bytes in fromClient { try await toServer.write(bytes) }
                    }
                    directions.addTask {
                        if let inject {
                            try await Self.forwardFrames(fromServer, to: toClient, injectingAfter: inject)
                        } else {
                            for try await bytes in fromServer { try await toClient.write(bytes) }
                        }
                    }
                    defer { directions.cancelAll() }
                    _ = try await directions.next()
                }
            }
        }
    }

    /// Passes whole frames on, each read's worth in one write, with the garbage after `inject` of them.
    private static func forwardFrames(
        _ source: NIOAsyncChannelInboundStream<ByteBuffer>, to destination: NIOAsyncChannelOutboundWriter<ByteBuffer>,
        injectingAfter inject: Int
    ) async throws {
        var stream = FrameStream()
        var forwarded = 0
        for try await bytes in source {
            stream.append(bytes)
            var out = ByteBuffer()
            while let read = try stream.next() {
                out.writeImmutableBuffer(read.wire)
                forwarded += 1
                if forwarded == inject {
                    out.writeBytes(garbage)
                    say("garbage injected after \(forwarded) frames")
                }
            }
            if out.readableBytes > 0 { try await destination.write(out) }
        }
    }
}
