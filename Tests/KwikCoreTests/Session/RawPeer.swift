import KwikCore
import KwikTestSupport
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A peer that speaks the wire itself, for tests of what a server does with peers that are not
/// kwiktop: it sends `hello` once connected, then answers every frame the server sends with what
/// `respond` returns. Without `reads`, it never reads at all, so the server's writes back up.
final class RawPeer: Sendable {
    /// What the server sent, as the peer saw it.
    struct Seen {
        var frames = 0
        var dataFrames = 0
        var highestPathSequence: UInt64 = 0
        var helloAck: HelloAck?
        var pongs: [Heartbeat] = []
    }

    let channel: any Channel
    private let seen: NIOLockedValueBox<Seen>

    var current: Seen { seen.withLockedValue { $0 } }

    private init(channel: any Channel, seen: NIOLockedValueBox<Seen>) {
        self.channel = channel
        self.seen = seen
    }

    static func connect(
        port: Int, group: any EventLoopGroup, hello: Hello, reads: Bool = true,
        respond: @escaping @Sendable (Frame, Seen) -> [Frame] = { _, _ in [] }
    ) async throws -> RawPeer {
        let seen = NIOLockedValueBox(Seen())
        let channel = try await ClientBootstrap(group: group)
            .channelOption(.autoRead, value: reads)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        RawPeerHandler(hello: hello, seen: seen, respond: respond))
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        return RawPeer(channel: channel, seen: seen)
    }

    func send(_ frames: [Frame]) {
        channel.writeAndFlush(encoded(frames), promise: nil)
    }

    func close() async {
        try? await channel.close()
    }
}

private final class RawPeerHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let hello: Hello
    private let seen: NIOLockedValueBox<RawPeer.Seen>
    private let respond: @Sendable (Frame, RawPeer.Seen) -> [Frame]
    private var stream = FrameStream()

    init(
        hello: Hello, seen: NIOLockedValueBox<RawPeer.Seen>,
        respond: @escaping @Sendable (Frame, RawPeer.Seen) -> [Frame]
    ) {
        self.hello = hello
        self.seen = seen
        self.respond = respond
    }

    func channelActive(context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(encoded([.hello(hello)])), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        stream.append(unwrapInboundIn(data))
        do {
            for frame in try stream.frames() {
                let now = seen.withLockedValue { seen in
                    seen.frames += 1
                    switch frame {
                    case .data(let data):
                        seen.dataFrames += 1
                        seen.highestPathSequence = max(seen.highestPathSequence, data.header.pathSequence)
                    case .helloAck(let ack): seen.helloAck = ack
                    case .pong(let beat): seen.pongs.append(beat)
                    default: break
                    }
                    return seen
                }
                let answers = respond(frame, now)
                if !answers.isEmpty { context.write(wrapOutboundOut(encoded(answers)), promise: nil) }
            }
        } catch {
            context.close(promise: nil)
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        context.flush()
    }
}
