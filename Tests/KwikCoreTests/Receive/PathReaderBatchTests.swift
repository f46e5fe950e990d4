@testable import KwikCore
import KwikTestSupport
import NIOCore
import NIOEmbedded
import Testing

/// A read's DATA goes to the multiplexer in one push, and nothing the peer sent is acted on out of
/// turn because of it.
@Suite struct PathReaderBatchTests {
    /// Notes, for each control frame, how far the in-order stream had got when it arrived.
    final class ControlWatch: ChannelInboundHandler {
        typealias InboundIn = Frame
        let multiplexer: Multiplexer
        var seen: [(frame: Frame, nextExpected: UInt64)] = []

        init(multiplexer: Multiplexer) { self.multiplexer = multiplexer }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            seen.append((unwrapInboundIn(data), multiplexer.nextExpected))
        }
    }

    let sink = MultiplexerBatchTests.BatchSink()
    let pool = PathBufferPool(bufferCapacity: 64, maximumFree: 32)
    let reader = PathReader(maximumFrameLength: 1 << 16)

    func channel(window: Int = 64) throws -> (EmbeddedChannel, ControlWatch, Multiplexer) {
        let multiplexer = Multiplexer(window: window, maximumPathID: 4, sink: sink)
        let watch = ControlWatch(multiplexer: multiplexer)
        let channel = EmbeddedChannel(handlers: [reader, watch])
        reader.attach(pathID: 1, multiplexer: multiplexer, pool: pool, counters: PathCounters())
        return (channel, watch, multiplexer)
    }

    func data(_ globals: Range<UInt64>, firstPathSequence: UInt64 = 1) -> [Frame] {
        globals.map { dataFrame(global: $0, path: firstPathSequence + $0 - globals.lowerBound, payload: [1, 2]) }
    }

    @Test func aReadsDataIsPushedOnce() throws {
        let (channel, _, multiplexer) = try channel()
        try channel.writeInbound(encoded(data(0..<10)))
        try channel.writeInbound(encoded(data(10..<13, firstPathSequence: 11)))
        #expect(sink.batches == [Array(0..<10), Array(10..<13)])
        #expect(multiplexer.nextExpected == 13)
        #expect(pool.counters.outstanding == 0)
        #expect(try channel.finish().isClean)
    }

    /// A control frame (a DATA_ACK, a GOODBYE) may act on what the stream holds: the DATA ahead of it
    /// in the same read is delivered first.
    @Test func aControlFrameSeesTheDataBeforeIt() throws {
        let (channel, watch, _) = try channel()
        let ping = Frame.ping(Heartbeat(timestamp: 5))
        let ack = Frame.dataAck(DataAck(cumulative: 0, window: 8, pathAck: 0))
        try channel.writeInbound(encoded(data(0..<4) + [ping] + data(4..<6, firstPathSequence: 5) + [ack]))
        #expect(watch.seen.map(\.frame) == [ping, ack])
        #expect(watch.seen.map(\.nextExpected) == [4, 6])
        #expect(sink.batches == [[0, 1, 2, 3], [4, 5]])
        #expect(try channel.finish().isClean)
    }

    /// A refused packet closes the path, but the good DATA before it in the same read is delivered.
    @Test func aRefusalInAReadDeliversTheDataBeforeIt() throws {
        let (channel, watch, multiplexer) = try channel(window: 8)
        let frames = data(0..<3) + [dataFrame(global: 500, path: 4, payload: [9])] + data(3..<5, firstPathSequence: 5)
        #expect(throws: ProtocolViolation.self) { try channel.writeInbound(encoded(frames)) }
        #expect(sink.batches == [[0, 1, 2]])
        #expect(multiplexer.nextExpected == 3)
        #expect(pool.counters.outstanding == 0)
        try channel.writeInbound(encoded(data(3..<4, firstPathSequence: 4) + [.ping(Heartbeat(timestamp: 1))]))
        #expect(sink.batches.count == 1 && watch.seen.isEmpty, "a failed path reads no more")
        _ = try? channel.finish()
    }
}
