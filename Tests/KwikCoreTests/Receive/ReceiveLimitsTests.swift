@testable import KwikCore
import KwikSnapshot
import KwikTestSupport
import NIOCore
import NIOEmbedded
import Testing

/// The receive side's own limits, one path reader on an embedded channel: what a peer's DATA can make
/// it hold is bounded in payload size, buffered bytes and buffers, and each refusal names its limit.
@Suite struct ReceiveLimitsTests {
    final class Fixture {
        let pool: PathBufferPool
        let sink = CollectingSink()
        let multiplexer: Multiplexer
        let reader = PathReader(maximumFrameLength: 1 << 16)
        let channel: EmbeddedChannel

        init(packetSize: Int = 64, window: Int = 16, reorderBytes: Int = .max, outstanding: Int = .max) {
            pool = PathBufferPool(bufferCapacity: packetSize, maximumFree: 8, maximumOutstanding: outstanding)
            multiplexer = Multiplexer(window: window, maximumPathID: 2, sink: sink, maximumBufferedBytes: reorderBytes)
            channel = EmbeddedChannel(handler: reader)
            reader.attach(
                pathID: 1, multiplexer: multiplexer, pool: pool, counters: PathCounters(), maximumPayload: packetSize)
        }

        /// Feeds the frames in one read; returns the violation it raised, if any.
        func feed(_ frames: [Frame]) -> ProtocolViolation? {
            do {
                try channel.writeInbound(encoded(frames))
                return nil
            } catch let violation as ProtocolViolation {
                return violation
            } catch {
                Issue.record("unexpected error \(error)")
                return nil
            }
        }
    }

    static func data(_ global: UInt64, path: UInt64, bytes: Int) -> Frame {
        dataFrame(
            global: global, path: path, payload: [UInt8](repeating: UInt8(truncatingIfNeeded: global), count: bytes))
    }

    @Test func aPayloadLargerThanThePacketSizeIsRefusedBeforeItIsCopied() throws {
        let fixture = Fixture(packetSize: 64)
        #expect(fixture.feed([Self.data(0, path: 1, bytes: 64)]) == nil, "a full packet is fine")
        let violation = try #require(fixture.feed([Self.data(1, path: 2, bytes: 65)]))
        #expect(violation.limit == .payloadSize)
        #expect(violation.description.contains("65 bytes") && violation.description.contains("packet size of 64"))
        #expect(fixture.sink.sequences == [0])
        #expect(fixture.pool.counters.gets == 1, "the oversized payload never took a buffer")
        _ = try? fixture.channel.finish()
    }

    @Test func outOfOrderBytesBeyondTheLimitAreRefused() throws {
        let fixture = Fixture(packetSize: 64, window: 16, reorderBytes: 150)
        // 1 and 2 wait for 0 (128 bytes); 3 would make 192.
        #expect(fixture.feed([Self.data(1, path: 1, bytes: 64), Self.data(2, path: 2, bytes: 64)]) == nil)
        #expect(fixture.multiplexer.summary().bufferedBytes == 128)
        let violation = try #require(fixture.feed([Self.data(3, path: 3, bytes: 64)]))
        #expect(violation.limit == .reorderBytes)
        #expect(violation.description.contains("maximum of 150 bytes"))
        #expect(fixture.pool.counters.outstanding == 2, "the refused packet's buffer went back")
        #expect(fixture.sink.sequences.isEmpty)
        _ = try? fixture.channel.finish()
    }

    @Test func dataBeyondTheWindowNamesTheReceiveWindow() throws {
        let fixture = Fixture(window: 4)
        let violation = try #require(fixture.feed([Self.data(4, path: 1, bytes: 8)]))
        #expect(violation.limit == .receiveWindow)
        _ = try? fixture.channel.finish()
    }

    @Test func aPathHoldingItsMaximumOfBuffersIsRefused() throws {
        let fixture = Fixture(window: 16, outstanding: 3)
        // Three packets wait for 0, holding every buffer the path may have.
        #expect(fixture.feed((1...3).map { Self.data(UInt64($0), path: UInt64($0), bytes: 8) }) == nil)
        let violation = try #require(fixture.feed([Self.data(0, path: 4, bytes: 8)]))
        #expect(violation.limit == .poolSize)
        #expect(violation.description.contains("maximum of 3 packet buffers"))
        #expect(fixture.pool.counters.outstanding == 3)
        _ = try? fixture.channel.finish()
    }

    @Test func oversizedFramesNameTheFrameSize() {
        #expect(WireError.frameTooLarge(length: 1 << 30, maximum: 1 << 20).limit == .frameSize)
        #expect(WireError.emptyFrame.limit == .malformedFrame)
        #expect(ProtocolViolation("DATA before the path joined a session").limit == nil)
    }
}
