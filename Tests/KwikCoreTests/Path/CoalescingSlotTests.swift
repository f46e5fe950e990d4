@testable import KwikCore
import Testing

/// At most one frame of a kind unwritten; the newest waiting replaces older ones.
@Suite struct CoalescingSlotTests {
    static func pong(_ timestamp: UInt64) -> Frame { .pong(Heartbeat(timestamp: timestamp)) }

    @Test func aFreeSlotWritesAtOnce() {
        var slot = CoalescingSlot()
        #expect(slot.offer(Self.pong(1)) == Self.pong(1))
        #expect(slot.written() == nil)
        #expect(slot.offer(Self.pong(2)) == Self.pong(2), "free again once written")
    }

    @Test func onlyTheNewestWaitsWhileOneIsUnwritten() {
        var slot = CoalescingSlot()
        _ = slot.offer(Self.pong(1))
        #expect(slot.offer(Self.pong(2)) == nil)
        #expect(slot.offer(Self.pong(3)) == nil)
        #expect(slot.written() == Self.pong(3), "the newest supersedes the ones before it")
        #expect(slot.offer(Self.pong(4)) == nil, "busy until the waiting one is written too")
        #expect(slot.written() == Self.pong(4))
        #expect(slot.written() == nil)
    }
}
