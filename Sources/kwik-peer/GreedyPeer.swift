import KwikCore
import KwikTestSupport
import NIOCore
import NIOPosix

/// A peer that tries to make the server keep everything it sends: a create with the largest receive
/// window, then every read answered with DATA_ACK(cumulative 0, window UInt32.max, path ack = the
/// highest path sequence received). The path acknowledgements keep the path's in-flight limit open,
/// the cumulative never lets a packet leave the retransmit queue. PINGs get their PONG, so the path
/// stays live even if the server stops sending.
struct GreedyPeer {
    let port: Int
    let seconds: Double

    func run() async throws -> GreedyTally {
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let tally = NIOLoopBoundBox.makeBoxSendingValue(GreedyTally(), eventLoop: loop)
        _ = try await ClientBootstrap(group: loop)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(GreedyHandler(tally: tally))
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        try await Task.sleep(for: .seconds(seconds))
        return try await loop.submit { tally.value }.get()
    }
}

/// What the greedy peer got.
struct GreedyTally {
    var granted = false
    var dataFrames: UInt64 = 0
    var payloadBytes: UInt64 = 0
    var highestPathSequence: UInt64 = 0
    var acks: UInt64 = 0
    var goodbye: Goodbye?
    var closed = false

    func summary(seconds: Double) -> String {
        let ended = goodbye.map { "; the server said goodbye (\($0.reason): \($0.message))" } ?? ""
        return "greedy: \(granted ? "session granted" : "no session"); "
            + "\(payloadBytes >> 20) MiB in \(dataFrames) DATA over \(seconds) s, \(acks) DATA_ACKs with cumulative 0 "
            + "up to path sequence \(highestPathSequence)\(ended); \(closed ? "closed by the server" : "still open")"
    }
}

/// The greedy peer's connection: counts what arrives, acknowledges it on the path only.
final class GreedyHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// Where the peer reads the tally, updated after every read.
    private let published: NIOLoopBoundBox<GreedyTally>
    private var tally = GreedyTally()
    private var stream = FrameStream()

    init(tally: NIOLoopBoundBox<GreedyTally>) {
        published = tally
    }

    func channelActive(context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(DownloadHello.create(receiveWindow: .max)), promise: nil)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        stream.append(unwrapInboundIn(data))
        do {
            while let read = try stream.next() {
                switch read.frame {
                case .helloAck: tally.granted = true
                case .data(let data):
                    tally.dataFrames += 1
                    tally.payloadBytes += UInt64(data.payload.readableBytes)
                    tally.highestPathSequence = max(tally.highestPathSequence, data.header.pathSequence)
                case .ping(let beat): context.write(wrapOutboundOut(encoded([.pong(beat)])), promise: nil)
                case .goodbye(let goodbye): tally.goodbye = goodbye
                default: break
                }
            }
        } catch {
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        tally.closed = true
        published.value = tally
        context.fireChannelInactive()
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if tally.granted {
            let ack = DataAck(cumulative: 0, window: .max, pathAck: tally.highestPathSequence)
            context.write(wrapOutboundOut(encoded([.dataAck(ack)])), promise: nil)
            tally.acks += 1
        }
        context.flush()
        published.value = tally
    }
}
