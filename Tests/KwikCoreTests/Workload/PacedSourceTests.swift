@testable import KwikCore
import Testing

/// A paced source gives what its rate allows by the caller's clock, and keeps little credit while idle.
@Suite struct PacedSourceTests {
    static let ms: UInt64 = 1_000_000
    /// 100-byte packets at 10 kB/s: one every 10 ms.
    func source(totalBytes: UInt64? = nil) -> PatternSource {
        PatternSource(pattern: StreamPattern(seed: 1), packetSize: 100, totalBytes: totalBytes, rate: 10_000)
    }

    @Test func givesOnePacketPerPacketTimeAtItsRate() {
        var source = source()
        let start: UInt64 = 1_000 * Self.ms
        #expect(source.next(now: start) != nil, "the first packet goes at once")
        #expect(source.next(now: start) == nil)
        #expect(source.next(now: start + 5 * Self.ms) == nil)
        #expect(source.ready(now: start + 10 * Self.ms) == 1)
        #expect(source.next(now: start + 10 * Self.ms) != nil)
        var sent = 2
        for step in 11..<100 where source.next(now: start + UInt64(step) * Self.ms) != nil { sent += 1 }
        #expect(sent == 10, "10 packets in the first 100 ms")
        #expect(!source.isExhausted)
    }

    @Test func anIdleSpellDoesNotTurnIntoABurst() {
        var source = source()
        let start: UInt64 = 1_000 * Self.ms
        _ = source.next(now: start)
        #expect(source.ready(now: start + 10_000 * Self.ms) == 2, "two packets of credit, not a thousand")
    }

    @Test func aBoundedPacedSourceStillEndsWithItsLastBytes() {
        var source = source(totalBytes: 150)
        let start: UInt64 = 1_000 * Self.ms
        #expect(source.next(now: start)?.readableBytes == 100)
        #expect(source.next(now: start + 20 * Self.ms)?.readableBytes == 50)
        #expect(source.isExhausted)
        #expect(source.ready(now: start + 40 * Self.ms) == 0)
    }

    @Test func theLargestByteCountAPeerCanAskForIsCountedInPackets() {
        var source = PatternSource(pattern: StreamPattern(seed: 1), packetSize: 100, totalBytes: .max)
        #expect(source.ready(now: 0) == UInt64.max / 100 + 1)
        #expect(source.next(now: 0)?.readableBytes == 100)
    }

    @Test func theTickFollowsThePacketTimeWithinItsBounds() {
        #expect(SourcePace.tick(rate: 10_000, packetSize: 100) == 10 * Self.ms)
        #expect(SourcePace.tick(rate: 1 << 40, packetSize: 16384) == Self.ms)
        #expect(SourcePace.tick(rate: 1, packetSize: 16384) == 20 * Self.ms)
        #expect(SourcePace.tick(rate: 0, packetSize: 16384) == 20 * Self.ms)
    }
}
