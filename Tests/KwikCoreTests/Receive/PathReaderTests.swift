@testable import KwikCore
import KwikTestSupport
import NIOCore
import NIOEmbedded
import Testing

@Suite struct PathReaderTests {
    final class Fixture {
        let pool = PathBufferPool(bufferCapacity: 512, maximumFree: 8)
        let sink = CollectingSink()
        let multiplexer: Multiplexer
        let reader = PathReader(maximumFrameLength: 1 << 16)
        let counters = PathCounters()
        let channel: EmbeddedChannel

        init(attach: Bool = true, window: Int = 64) {
            multiplexer = Multiplexer(window: window, maximumPathID: 4, sink: sink)
            channel = EmbeddedChannel(handler: reader)
            if attach { reader.attach(pathID: 2, multiplexer: multiplexer, pool: pool, counters: counters) }
        }

        /// Feeds `stream` in chunks whose sizes cycle through `sizes`.
        func feed(_ stream: ByteBuffer, chunkSizes sizes: [Int]) throws {
            var stream = stream
            var index = 0
            while stream.readableBytes > 0 {
                let size = min(sizes[index % sizes.count], stream.readableBytes)
                index += 1
                try channel.writeInbound(stream.readSlice(length: size)!)
            }
        }
    }

    static func payload(_ index: Int) -> [UInt8] {
        let length = (index * 97) % 700  // 0 ..< 700, some larger than the pool's 512
        return (0..<length).map { UInt8(truncatingIfNeeded: $0 &+ index &* 13) }
    }

    @Test(arguments: [[1], [2, 3, 5, 7], [13, 29, 64, 100, 333], [1000, 1, 4096, 17], [1 << 16]])
    func splitDataReachesMultiplexerInOrder(chunkSizes: [Int]) throws {
        let fixture = Fixture()
        var frames: [Frame] = []
        var pings: [Frame] = []
        for index in 0..<60 {
            frames.append(dataFrame(global: UInt64(index), path: UInt64(index + 1), payload: Self.payload(index)))
            if index % 7 == 0 {
                let ping = Frame.ping(Heartbeat(timestamp: UInt64(index)))
                frames.append(ping)
                pings.append(ping)
            }
        }
        frames.append(.dataAck(DataAck(cumulative: 1, window: 2, pathAck: 3)))
        pings.append(.dataAck(DataAck(cumulative: 1, window: 2, pathAck: 3)))
        let stream = encoded(frames)
        try fixture.feed(stream, chunkSizes: chunkSizes)

        #expect(fixture.sink.sequences == (0..<60).map(UInt64.init))
        #expect(fixture.sink.payloads == (0..<60).map(Self.payload))
        #expect(fixture.sink.deliveries.allSatisfy { $0.pathID == 2 })
        var control: [Frame] = []
        while let frame = try fixture.channel.readInbound(as: Frame.self) { control.append(frame) }
        #expect(control == pings)

        let pool = fixture.pool.counters
        #expect(pool.gets == 60)
        #expect(pool.gets == pool.hits + pool.misses)
        #expect(pool.returns == 60)
        #expect(pool.outstanding == 0)
        #expect(pool.misses >= 1 && pool.hits >= 1)
        #expect(fixture.reader.lastPathSequence == 60)
        #expect(fixture.reader.hasUnacknowledgedData)
        // rx bytes count DATA payload bytes only (heartbeats and headers excluded).
        #expect(
            fixture.counters.rxBytes.load(ordering: .relaxed)
                == UInt64((0..<60).map { Self.payload($0).count }.reduce(0, +)))
        #expect(fixture.counters.lastReceiveNanos.load(ordering: .relaxed) > 0)
        #expect(fixture.counters.rxPackets.load(ordering: .relaxed) == 60)
        let summary = fixture.multiplexer.summary()
        #expect(summary.deliveryOrderViolations == 0)
        #expect(summary.perPath[2].orderingViolations == 0)
        #expect(try fixture.channel.finish().isClean)
    }

    @Test func dataBeforeAttachIsAnError() throws {
        let fixture = Fixture(attach: false)
        #expect(throws: ProtocolViolation.self) {
            try fixture.channel.writeInbound(encoded([dataFrame(global: 0, path: 1, payload: [1])]))
        }
        #expect(fixture.sink.deliveries.isEmpty)
        #expect(fixture.pool.counters.gets == 0)
        _ = try? fixture.channel.finish()
    }

    @Test func controlFramesPassBeforeAttach() throws {
        let fixture = Fixture(attach: false)
        let hello = Frame.helloAck(HelloAck(sessionID: SessionID(high: 1, low: 2), pathID: 1, receiveWindow: 8))
        try fixture.channel.writeInbound(encoded([hello]))
        #expect(try fixture.channel.readInbound(as: Frame.self) == hello)
        #expect(try fixture.channel.finish().isClean)
    }

    @Test func garbageIsAnErrorAndLaterReadsAreIgnored() throws {
        let fixture = Fixture()
        var garbage = encoded([dataFrame(global: 0, path: 1, payload: [9, 9])])
        garbage.writeBytes([0x7F, 0x13, 0x00, 0x42, 0x99, 0x01])  // a 2 GiB length
        #expect(throws: WireError.frameTooLarge(length: 0x7F13_0042, maximum: 1 << 16)) {
            try fixture.channel.writeInbound(garbage)
        }
        #expect(fixture.sink.payloads == [[9, 9]])
        // Whatever comes next is ignored, even well-formed frames.
        try fixture.channel.writeInbound(
            encoded([dataFrame(global: 1, path: 2, payload: [1]), .ping(Heartbeat(timestamp: 1))]))
        #expect(fixture.sink.deliveries.count == 1)
        #expect(try fixture.channel.readInbound(as: Frame.self) == nil)
        #expect(fixture.pool.counters.outstanding == 0)
        _ = try? fixture.channel.finish()
    }

    @Test func unknownTypeAfterSplitIsAnError() throws {
        let fixture = Fixture()
        try fixture.channel.writeInbound(byteBuffer([0, 0]))
        #expect(throws: WireError.unknownType(0x55)) {
            try fixture.channel.writeInbound(byteBuffer([0, 2, 0x55, 0]))
        }
        _ = try? fixture.channel.finish()
    }

    @Test func dataBeyondTheWindowIsAViolation() throws {
        let fixture = Fixture(window: 4)
        #expect(throws: ProtocolViolation.self) {
            try fixture.channel.writeInbound(encoded([dataFrame(global: 4, path: 1, payload: [1])]))
        }
        #expect(fixture.pool.counters.outstanding == 0)
        _ = try? fixture.channel.finish()
    }

    @Test(arguments: [1, 3, 4, 20])
    func eofMidFrameReportsTruncated(pending: Int) throws {
        let fixture = Fixture()
        let whole = encoded([
            dataFrame(global: 0, path: 1, payload: [1, 2]),
            dataFrame(global: 1, path: 2, payload: Array(repeating: 5, count: 40)),
        ])
        let firstLength = Frame.dataHeaderSize + 2
        try fixture.channel.writeInbound(whole.getSlice(at: 0, length: firstLength + pending)!)
        #expect(fixture.sink.deliveries.count == 1)
        #expect(throws: WireError.truncated(pendingBytes: pending)) { try fixture.channel.finish() }
    }

    @Test func eofBetweenFramesIsClean() throws {
        let fixture = Fixture()
        try fixture.channel.writeInbound(encoded([dataFrame(global: 0, path: 1, payload: [1, 2])]))
        #expect(try fixture.channel.finish().isClean)
    }

    @Test func reattachRestartsThePathSequence() throws {
        let fixture = Fixture()
        try fixture.channel.writeInbound(
            encoded([dataFrame(global: 0, path: 1, payload: [1]), dataFrame(global: 1, path: 2, payload: [2])]))
        // A reconnect: the path sequence starts again from 1 without counting a violation.
        fixture.reader.attach(
            pathID: 2, multiplexer: fixture.multiplexer, pool: fixture.pool, counters: fixture.counters)
        #expect(fixture.reader.lastPathSequence == 0)
        try fixture.channel.writeInbound(encoded([dataFrame(global: 2, path: 1, payload: [3])]))
        #expect(fixture.multiplexer.summary().perPath[2].orderingViolations == 0)
        #expect(fixture.sink.sequences == [0, 1, 2])
        fixture.reader.acknowledged()
        #expect(!fixture.reader.hasUnacknowledgedData)
        #expect(try fixture.channel.finish().isClean)
    }
}
