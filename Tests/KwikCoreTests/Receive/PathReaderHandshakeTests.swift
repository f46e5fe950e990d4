@testable import KwikCore
import KwikTestSupport
import NIOCore
import NIOEmbedded
import Testing

/// A path reader before and after its path joins: frames no longer than the handshake bound, then up
/// to the maximum frame size.
@Suite struct PathReaderHandshakeTests {
    static let handshakeBound = 100
    static let maximum = 1 << 16

    let reader = PathReader(maximumFrameLength: maximum, handshakeFrameLength: handshakeBound)
    let channel: EmbeddedChannel

    init() {
        channel = EmbeddedChannel(handler: reader)
    }

    func attach() {
        let multiplexer = Multiplexer(window: 8, maximumPathID: 1, sink: CollectingSink())
        reader.attach(
            pathID: 1, multiplexer: multiplexer, pool: PathBufferPool(bufferCapacity: 64, maximumFree: 1),
            counters: PathCounters())
    }

    /// A GOODBYE whose `length` field is `length`.
    static func goodbye(length: Int) -> Frame {
        .goodbye(Goodbye(reason: .done, message: String(repeating: "x", count: length - 4)))
    }

    @Test func beforeTheJoinAFrameOfTheBoundPassesInPiecesAndOneByteMoreDoesNot() throws {
        let frame = Self.goodbye(length: Self.handshakeBound)
        var bytes = encoded([frame])
        while bytes.readableBytes > 0 {
            try channel.writeInbound(bytes.readSlice(length: min(7, bytes.readableBytes))!)
        }
        #expect(try channel.readInbound(as: Frame.self) == frame)
        let beyond = UInt32(Self.handshakeBound + 1)
        #expect(throws: WireError.frameTooLarge(length: beyond, maximum: Self.handshakeBound)) {
            try channel.writeInbound(ByteBuffer(integer: beyond))
        }
        _ = try? channel.finish()
    }

    @Test func afterTheJoinFramesUpToTheMaximumPass() throws {
        attach()
        let frame = Self.goodbye(length: Self.maximum)
        try channel.writeInbound(encoded([frame]))
        #expect(try channel.readInbound(as: Frame.self) == frame)
        let beyond = UInt32(Self.maximum + 1)
        #expect(throws: WireError.frameTooLarge(length: beyond, maximum: Self.maximum)) {
            try channel.writeInbound(ByteBuffer(integer: beyond))
        }
        _ = try? channel.finish()
    }

    @Test func aFrameSplitAcrossTheJoinIsCompletedUnderTheNewBound() throws {
        let ack = Frame.helloAck(HelloAck(sessionID: SessionID(high: 1, low: 2), pathID: 1, receiveWindow: 8))
        let after = Self.goodbye(length: Self.maximum)
        var bytes = encoded([ack, after])
        let ackLength = encoded([ack]).readableBytes
        // The HELLO_ACK and the first bytes of the large frame arrive in one read; the join happens in
        // between, as the path's handler joins on the HELLO_ACK.
        let first = bytes.readSlice(length: ackLength + 10)!
        let handler = JoinOnFrame { attach() }
        try channel.pipeline.syncOperations.addHandler(handler)
        try channel.writeInbound(first)
        try channel.writeInbound(bytes)
        #expect(handler.frames == [ack, after])
        #expect(try channel.finish().isClean)
    }
}

/// Attaches the reader (through `join`) when the first frame arrives, like the path's handler on a
/// HELLO or HELLO_ACK; keeps every frame.
private final class JoinOnFrame: ChannelInboundHandler {
    typealias InboundIn = Frame

    let join: () -> Void
    private(set) var frames: [Frame] = []

    init(join: @escaping () -> Void) { self.join = join }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if frames.isEmpty { join() }
        frames.append(unwrapInboundIn(data))
    }
}
