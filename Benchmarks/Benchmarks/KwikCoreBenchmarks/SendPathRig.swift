import KwikCore
import NIOCore
import NIOEmbedded

struct SendPathRigStalled: Error {}

/// One path's send side exactly as a live path has it (minus the socket): an unbounded source, the
/// sender, and the path's `PathDataWriter` writing into an `EmbeddedChannel` behind a `FrameEncoder`;
/// each run sends `framesPerRun` packets and has them acknowledged, so payload buffers and header
/// slabs are in steady state.
final class SendPathRig: @unchecked Sendable {
    let sender: Sender
    let writer: PathDataWriter
    let channel = EmbeddedChannel(handler: FrameEncoder())
    let encoder: ChannelHandlerContext
    var acknowledged: UInt64 = 0
    var pathSequence: UInt64 = 0

    init() throws {
        let source = PatternSource(pattern: StreamPattern(seed: 0x5EED), packetSize: payloadSize, totalBytes: nil)
        sender = Sender(
            source: source, window: 256, maximumWindow: 256, scheduler: .minrtt, inFlightLimit: 256,
            initialInFlight: 256)
        // The writer is drained by `round()`; the link only lets the scheduler pick the path.
        sender.register(
            pathID: 1, connection: 1, link: PathLink(eventLoop: channel.embeddedEventLoop) {}, standby: false)
        sender.setWritable(true, forPath: 1, connection: 1)
        writer = PathDataWriter(
            sender: sender, pathID: 1, connection: 1, counters: PathCounters(), allocator: channel.allocator)
        encoder = try channel.pipeline.syncOperations.context(handlerType: FrameEncoder.self)
    }

    /// Sends what the window lets go, drops what the channel received (as the socket would once
    /// written), and acknowledges it all; returns the packets sent.
    func round() throws -> Int {
        sender.pump()
        channel.embeddedEventLoop.run()
        writer.drain(into: encoder, encoder: encoder)
        var buffers = 0
        while try channel.readOutbound(as: ByteBuffer.self) != nil { buffers += 1 }
        let packets = buffers / 2
        guard packets > 0 else { throw SendPathRigStalled() }
        acknowledged += UInt64(packets)
        pathSequence += UInt64(packets)
        try sender.acknowledge(
            DataAck(cumulative: acknowledged, window: 256, pathAck: pathSequence), onPath: 1, connection: 1)
        return packets
    }
}
