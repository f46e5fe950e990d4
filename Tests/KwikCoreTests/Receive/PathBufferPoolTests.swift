import Dispatch
import KwikCore
import KwikSnapshot
import NIOCore
import Testing

@Suite struct PathBufferPoolTests {
    @Test func countsHitsMissesReturnsAndHighWater() {
        let pool = PathBufferPool(bufferCapacity: 1024, maximumFree: 8)
        #expect(pool.counters == PoolCounters())
        var held = (0..<3).map { _ in pool.get()! }
        #expect(held.allSatisfy { $0.capacity >= 1024 && $0.readableBytes == 0 })
        #expect(pool.counters == PoolCounters(gets: 3, hits: 0, misses: 3, returns: 0, outstanding: 3, highWater: 3))
        for var buffer in held { buffer.writeString("dirty"); pool.put(buffer) }
        held.removeAll()
        #expect(pool.counters == PoolCounters(gets: 3, hits: 0, misses: 3, returns: 3, outstanding: 0, highWater: 3))
        let again = pool.get()!
        #expect(again.readableBytes == 0, "a reused buffer comes back empty")
        #expect(pool.counters == PoolCounters(gets: 4, hits: 1, misses: 3, returns: 3, outstanding: 1, highWater: 3))
        #expect(pool.counters.hitRate == 0.25)
        pool.resetCounters()
        #expect(pool.counters == PoolCounters(outstanding: 1, highWater: 1))
        pool.put(again)
        #expect(pool.counters.outstanding == 0)
        #expect(pool.counters.returns == 1)
    }

    @Test func freeListIsBounded() {
        let pool = PathBufferPool(bufferCapacity: 256, maximumFree: 2)
        let first = (0..<5).map { _ in pool.get()! }
        first.forEach(pool.put)
        let second = (0..<5).map { _ in pool.get()! }
        #expect(pool.counters.hits == 2)
        #expect(pool.counters.misses == 8)
        second.forEach(pool.put)
        #expect(pool.counters.outstanding == 0)
        #expect(pool.counters.highWater == 5)
    }

    @Test func buffersReturnedBeyondTheBoundAreDroppedAndCounted() {
        let pool = PathBufferPool(bufferCapacity: 256, maximumFree: 2)
        let held = (0..<5).map { _ in pool.get()! }
        held.forEach(pool.put)
        #expect(
            pool.counters
                == PoolCounters(gets: 5, hits: 0, misses: 5, returns: 5, dropped: 3, outstanding: 0, highWater: 5))
        _ = (0..<2).map { _ in pool.get()! }
        #expect(pool.counters.hits == 2, "the two kept buffers are reused")
    }

    @Test func outstandingBuffersAreCapped() {
        let pool = PathBufferPool(bufferCapacity: 256, maximumFree: 8, maximumOutstanding: 3)
        let held = (0..<3).map { _ in pool.get()! }
        #expect(pool.get() == nil)
        #expect(pool.counters.gets == 3 && pool.counters.outstanding == 3, "a refused get takes nothing")
        pool.put(held[0])
        #expect(pool.get() != nil)
        #expect(pool.counters.hits == 1)
    }

    @Test func tooSmallBufferIsNotKept() {
        let pool = PathBufferPool(bufferCapacity: 4096, maximumFree: 4)
        _ = pool.get()
        pool.put(ByteBufferAllocator().buffer(capacity: 16))
        _ = pool.get()
        #expect(pool.counters.hits == 0)
        #expect(pool.counters.misses == 2)
    }

    @Test func concurrentGetAndPutKeepExactCounts() {
        let pool = PathBufferPool(bufferCapacity: 512, maximumFree: 16)
        let threads = 8
        let rounds = 2000
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            for round in 0..<rounds {
                var a = pool.get()!
                let b = pool.get()!
                a.writeInteger(UInt64(thread * rounds + round))
                pool.put(a)
                pool.put(b)
            }
        }
        let counters = pool.counters
        #expect(counters.gets == UInt64(2 * threads * rounds))
        #expect(counters.returns == counters.gets)
        #expect(counters.hits + counters.misses == counters.gets)
        #expect(counters.outstanding == 0)
        #expect(counters.highWater <= 2 * threads)
        // At most 2 per thread are ever out at once and the free list keeps them all.
        #expect(counters.misses <= UInt64(2 * threads))
    }

    @Test func packetReleaseReturnsToItsOwnPool() {
        let one = PathBufferPool(bufferCapacity: 64, maximumFree: 4)
        let two = PathBufferPool(bufferCapacity: 64, maximumFree: 4)
        let packets = [
            makePacket(global: 0, pathSequence: 1, path: 1, pool: one),
            makePacket(global: 1, pathSequence: 1, path: 2, pool: two),
            makePacket(global: 2, pathSequence: 2, path: 2, pool: two),
            makePacket(global: 3, pathSequence: 1, path: 3, pool: nil),
        ]
        DispatchQueue.concurrentPerform(iterations: packets.count) { packets[$0].release() }
        #expect(one.counters.returns == 1 && one.counters.outstanding == 0)
        #expect(two.counters.returns == 2 && two.counters.outstanding == 0)
    }
}

@Suite struct PathBufferPoolBugTests {
    /// The receive path as the reader runs it: get a buffer, fill it, push the packet, the multiplexer
    /// delivers and releases it. A pool hit must hand back the same memory, not a fresh allocation.
    @Test
    func poolHitsReuseTheSameMemory() {
        let pool = PathBufferPool(bufferCapacity: 4096, maximumFree: 4)
        let multiplexer = Multiplexer(window: 8, maximumPathID: 1, sink: CollectingSink())
        var previous: UInt?
        var reused = 0
        for sequence in 0..<10 as Range<UInt64> {
            var buffer = pool.get()!
            buffer.writeBytes([UInt8(sequence)])
            let address = buffer.withVeryUnsafeBytes { UInt(bitPattern: $0.baseAddress) }
            if address == previous { reused += 1 }
            previous = address
            let header = DataHeader(globalSequence: sequence, pathSequence: sequence + 1, sentAt: 0)
            #expect(multiplexer.push(Packet(header: header, pathID: 1, payload: buffer, pool: pool)) == .accepted)
        }
        #expect(pool.counters.hits == 9)
        #expect(reused == 9, "only \(reused) of 9 pool hits reused the buffer's memory")
    }
}
