@testable import KwikCore
import NIOCore
import Testing

/// Acknowledged payloads are filled again instead of allocated, unless something still holds them.
@Suite struct PayloadReuseTests {
    let pattern = StreamPattern(seed: 0x5EED)

    /// The address of a buffer's bytes: the same address is the same storage.
    func address(_ buffer: ByteBuffer) -> UInt? {
        buffer.withUnsafeReadableBytes { $0.baseAddress.map { UInt(bitPattern: $0) } }
    }

    @Test func anAcknowledgedPayloadIsFilledAgainWithTheRightBytes() throws {
        var source = PatternSource(pattern: pattern, packetSize: 1_000, totalBytes: nil)
        var queue = RetransmitQueue()
        // The source's buffer goes to the queue alone, as the sender's does.
        let firstAddress = try #require(
            source.next(now: 0).map { payload in
                _ = queue.append(payload)
                return address(payload)
            })
        let early = queue.takeSpare()
        #expect(early == nil, "nothing acknowledged yet")
        let acknowledged = queue.acknowledge(cumulative: 1)
        #expect(acknowledged)
        var reusable = queue.takeSpare()
        let refilled = source.next(now: 0, reusing: &reusable)
        let second = try #require(refilled)
        #expect(reusable == nil, "taken")
        #expect(address(second) == firstAddress, "the same storage, filled again")
        #expect(second.withUnsafeReadableBytes { pattern.mismatches(in: $0, at: 1_000) } == 0)
        #expect(second.readableBytes == 1_000)
    }

    @Test func aPayloadSomethingElseHoldsIsLeftToIt() throws {
        var source = PatternSource(pattern: pattern, packetSize: 1_000, totalBytes: nil)
        let made = source.next(now: 0)
        let held = try #require(made)
        var reusable: ByteBuffer? = held
        let other = source.next(now: 0, reusing: &reusable)
        let next = try #require(other)
        #expect(reusable == nil, "dropped, not kept")
        #expect(address(next) != address(held))
        #expect(held.withUnsafeReadableBytes { pattern.mismatches(in: $0, at: 0) } == 0, "untouched")
    }

    @Test func aSourceWithNothingToGiveKeepsTheBuffer() {
        var source = PatternSource(pattern: pattern, packetSize: 1_000, totalBytes: 0)
        var reusable: ByteBuffer? = ByteBufferAllocator().buffer(capacity: 1_000)
        let made = source.next(now: 0, reusing: &reusable)
        #expect(made == nil)
        #expect(reusable != nil)
    }

    @Test func theQueueKeepsABoundedNumberOfSpares() {
        var queue = RetransmitQueue()
        for _ in 0..<(RetransmitQueue.spareLimit + 10) { _ = queue.append(ByteBuffer()) }
        let acknowledged = queue.acknowledge(cumulative: UInt64(RetransmitQueue.spareLimit + 10))
        #expect(acknowledged)
        var kept = 0
        while queue.takeSpare() != nil { kept += 1 }
        #expect(kept == RetransmitQueue.spareLimit)
    }
}
