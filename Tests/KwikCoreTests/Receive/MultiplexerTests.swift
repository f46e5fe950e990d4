import Dispatch
@testable import KwikCore
import KwikTestSupport
import NIOCore
import Testing

@Suite struct ReorderBufferTests {
    let pool = PathBufferPool(bufferCapacity: 16, maximumFree: 64)

    func packet(_ global: UInt64, path: Int = 1, pathSequence: UInt64) -> Packet {
        makePacket(
            global: global, pathSequence: pathSequence, path: path, pool: pool,
            bytes: [UInt8(truncatingIfNeeded: global)])
    }

    /// Pushes and records what got delivered (releasing it, as the multiplexer does).
    func push(
        _ buffer: inout ReorderBuffer, _ packet: Packet, now: UInt64 = 0, into delivered: inout [UInt64]
    ) -> ReorderBufferOutcome {
        buffer.push(packet, now: now) { packet in
            delivered.append(packet.header.globalSequence)
            packet.release()
        }
    }

    @Test func inOrderIsDeliveredAtOnce() {
        var buffer = ReorderBuffer(capacity: 8, maximumPathID: 2)
        var delivered: [UInt64] = []
        for sequence in 0..<20 as Range<UInt64> {
            #expect(push(&buffer, packet(sequence, pathSequence: sequence + 1), into: &delivered) == .accepted)
            #expect(delivered.count == Int(sequence) + 1)
        }
        #expect(delivered == Array(0..<20))
        #expect(buffer.nextExpected == 20)
        #expect(buffer.depth == 0 && buffer.highWater == 0 && buffer.reorderEvents == 0)
        #expect(buffer.deliveredPackets == 20 && buffer.deliveredBytes == 20)
        #expect(buffer.perPath[1].deliveredBytes == 20)
        #expect(buffer.perPath[1].orderingViolations == 0)
        #expect(pool.counters.outstanding == 0)
    }

    @Test func reorderedInputComesOutInGlobalOrder() {
        var buffer = ReorderBuffer(capacity: 8, maximumPathID: 3)
        var delivered: [UInt64] = []
        // Path 1 carries 0, 3, 4; path 2 carries 1, 2, 5; path 2 runs ahead.
        let arrivals: [(UInt64, Int, UInt64)] = [(1, 2, 1), (2, 2, 2), (5, 2, 3), (0, 1, 1), (3, 1, 2), (4, 1, 3)]
        var now: UInt64 = 1_000
        for (global, path, pathSequence) in arrivals {
            #expect(
                push(&buffer, packet(global, path: path, pathSequence: pathSequence), now: now, into: &delivered)
                    == .accepted)
            now += 100
        }
        #expect(delivered == [0, 1, 2, 3, 4, 5])
        // 1, 2 and 5 had to wait; 0 frees 0-2, 3 goes straight through, 4 frees 4-5.
        #expect(buffer.reorderEvents == 3)
        #expect(buffer.highWater == 3)
        #expect(buffer.depth == 0)
        #expect(buffer.deliveryOrderViolations == 0)
        #expect(buffer.perPath[1].orderingViolations == 0 && buffer.perPath[2].orderingViolations == 0)
        // Stalled from the first buffered packet (t=1000) until everything drained at t=1500.
        #expect(buffer.stallNanos(now: 99_999) == 500)
        #expect(pool.counters.outstanding == 0)
    }

    @Test func stallIncludesAStallInProgress() {
        var buffer = ReorderBuffer(capacity: 8, maximumPathID: 1)
        var delivered: [UInt64] = []
        _ = push(&buffer, packet(1, pathSequence: 1), now: 100, into: &delivered)
        #expect(buffer.stallNanos(now: 350) == 250)
        #expect(buffer.depth == 1)
        _ = push(&buffer, packet(0, pathSequence: 2), now: 400, into: &delivered)
        #expect(buffer.stallNanos(now: 10_000) == 300)
    }

    @Test func duplicatesAreDroppedAndCounted() {
        var buffer = ReorderBuffer(capacity: 8, maximumPathID: 3)
        var delivered: [UInt64] = []
        #expect(push(&buffer, packet(0, path: 1, pathSequence: 1), into: &delivered) == .accepted)
        #expect(push(&buffer, packet(2, path: 1, pathSequence: 2), into: &delivered) == .accepted)
        // Below nextExpected: a re-injected copy of 0 on path 3.
        #expect(push(&buffer, packet(0, path: 3, pathSequence: 1), into: &delivered) == .duplicate)
        // Already buffered: a copy of 2 on path 2.
        #expect(push(&buffer, packet(2, path: 2, pathSequence: 1), into: &delivered) == .duplicate)
        #expect(push(&buffer, packet(1, path: 2, pathSequence: 2), into: &delivered) == .accepted)
        #expect(delivered == [0, 1, 2])
        #expect(buffer.duplicates == 2)
        #expect(
            buffer.perPath[3].duplicates == 1 && buffer.perPath[2].duplicates == 1 && buffer.perPath[1].duplicates == 0)
        #expect(buffer.deliveredPackets == 3)
        #expect(pool.counters.outstanding == 0 && pool.counters.returns == 5)
    }

    @Test func outsideTheWindowIsRefused() {
        var buffer = ReorderBuffer(capacity: 4, maximumPathID: 1)
        var delivered: [UInt64] = []
        #expect(push(&buffer, packet(4, pathSequence: 1), into: &delivered) == .outsideWindow)
        #expect(push(&buffer, packet(3, pathSequence: 2), into: &delivered) == .accepted)
        #expect(push(&buffer, packet(0, pathSequence: 3), into: &delivered) == .accepted)
        #expect(push(&buffer, packet(4, pathSequence: 4), into: &delivered) == .accepted)
        #expect(push(&buffer, packet(9, pathSequence: 5), into: &delivered) == .outsideWindow)
        #expect(delivered == [0])
        #expect(buffer.depth == 2)
        #expect(pool.counters.outstanding == 2)
    }

    @Test func bufferedBytesAreTrackedAndBounded() {
        var buffer = ReorderBuffer(capacity: 8, maximumPathID: 1, maximumBufferedBytes: 10)
        var delivered: [UInt64] = []
        let four: [UInt8] = [1, 2, 3, 4]
        func packet(_ global: UInt64, bytes: [UInt8] = four) -> Packet {
            makePacket(global: global, pathSequence: global + 1, path: 1, pool: pool, bytes: bytes)
        }
        #expect(push(&buffer, packet(1), into: &delivered) == .accepted)
        #expect(push(&buffer, packet(2), into: &delivered) == .accepted)
        #expect(buffer.bufferedBytes == 8)
        #expect(push(&buffer, packet(3), into: &delivered) == .overByteLimit)
        #expect(buffer.depth == 2 && buffer.bufferedBytes == 8)
        #expect(pool.counters.outstanding == 2, "the refused packet went back to its pool")
        // The next expected packet is delivered at once, whatever its size: only waiting bytes count.
        #expect(push(&buffer, packet(0, bytes: Array(repeating: 9, count: 12)), into: &delivered) == .accepted)
        #expect(delivered == [0, 1, 2])
        #expect(buffer.bufferedBytes == 0)
        #expect(push(&buffer, packet(4), into: &delivered) == .accepted)
        #expect(push(&buffer, packet(5), into: &delivered) == .accepted)
        #expect(buffer.bufferedBytes == 8)
        _ = push(&buffer, packet(3), into: &delivered)
        #expect(delivered == Array(0...5) && buffer.bufferedBytes == 0)
        #expect(pool.counters.outstanding == 0)
    }

    @Test func pathSequenceGapsCountOrderingViolations() {
        var buffer = ReorderBuffer(capacity: 16, maximumPathID: 2)
        var delivered: [UInt64] = []
        for (global, pathSequence) in [(0, 1), (1, 2), (2, 4), (3, 5), (4, 5), (5, 3)] as [(UInt64, UInt64)] {
            _ = push(&buffer, packet(global, path: 2, pathSequence: pathSequence), into: &delivered)
        }
        // 2 skips 3; 4 repeats 5; 5 goes back to 3.
        #expect(buffer.perPath[2].orderingViolations == 3)
        #expect(buffer.perPath[1].orderingViolations == 0)
        #expect(delivered == Array(0..<6))
        #expect(buffer.deliveryOrderViolations == 0)
        var fresh = packet(6, path: 2, pathSequence: 1)
        fresh.connection = buffer.resetPathSequence(2)
        _ = push(&buffer, fresh, into: &delivered)
        #expect(buffer.perPath[2].orderingViolations == 3, "a new connection starts its own sequence")
        // The replaced connection's last packets (make before break) are delivered but not held to it.
        _ = push(&buffer, packet(7, path: 2, pathSequence: 9), into: &delivered)
        var next = packet(8, path: 2, pathSequence: 2)
        next.connection = fresh.connection
        _ = push(&buffer, next, into: &delivered)
        #expect(buffer.perPath[2].orderingViolations == 3)
        #expect(delivered == Array(0..<9))
        buffer.resetCounters()
        #expect(buffer.perPath[2].orderingViolations == 0)
    }

    @Test func depthAndHighWater() {
        var buffer = ReorderBuffer(capacity: 16, maximumPathID: 1)
        var delivered: [UInt64] = []
        for sequence in [5, 3, 9, 1] as [UInt64] {
            _ = push(&buffer, packet(sequence, pathSequence: 0), into: &delivered)
        }
        #expect(buffer.depth == 4 && buffer.highWater == 4 && buffer.reorderEvents == 4)
        _ = push(&buffer, packet(0, pathSequence: 0), into: &delivered)
        #expect(delivered == [0, 1])
        #expect(buffer.depth == 3 && buffer.highWater == 4)
        _ = push(&buffer, packet(2, pathSequence: 0), into: &delivered)
        #expect(delivered == [0, 1, 2, 3])
        #expect(buffer.depth == 2)
        buffer.resetCounters()
        #expect(buffer.highWater == 2 && buffer.reorderEvents == 0)
    }
}

@Suite struct MultiplexerTests {
    /// `paths` in-order streams sharing `count` global sequences, pushed in a seeded random interleaving
    /// that keeps within the window.
    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func randomInterleavingsStayInOrder(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        let paths = 4
        let count = 500
        let window = 32
        let pools = (0...paths).map { _ in PathBufferPool(bufferCapacity: 8, maximumFree: 64) }
        let sink = CollectingSink()
        let multiplexer = Multiplexer(window: window, maximumPathID: paths, sink: sink)
        var streams: [[UInt64]] = Array(repeating: [], count: paths + 1)
        for sequence in 0..<UInt64(count) {
            streams[Int.random(in: 1...paths, using: &random)].append(sequence)
        }
        var positions = Array(repeating: 0, count: paths + 1)
        var pushed = 0
        while pushed < count {
            let limit = multiplexer.nextExpected + UInt64(window)
            let ready = (1...paths).filter { positions[$0] < streams[$0].count && streams[$0][positions[$0]] < limit }
            let path = ready.randomElement(using: &random)!
            let global = streams[path][positions[path]]
            positions[path] += 1
            let packet = makePacket(
                global: global, pathSequence: UInt64(positions[path]), path: path, pool: pools[path],
                bytes: [UInt8(truncatingIfNeeded: global)])
            #expect(multiplexer.push(packet) == .accepted)
            pushed += 1
        }
        #expect(sink.sequences == (0..<UInt64(count)).map { $0 })
        #expect(sink.payloads == (0..<count).map { [UInt8(truncatingIfNeeded: $0)] })
        let summary = multiplexer.summary()
        #expect(summary.nextExpected == UInt64(count))
        #expect(summary.deliveryOrderViolations == 0)
        #expect(summary.duplicates == 0)
        #expect(summary.depth == 0)
        #expect(summary.highWater <= window)
        #expect(summary.deliveredPackets == UInt64(count))
        for path in 1...paths {
            #expect(summary.perPath[path].orderingViolations == 0)
            #expect(summary.perPath[path].deliveredBytes == UInt64(streams[path].count))
            let counters = pools[path].counters
            #expect(counters.gets == UInt64(streams[path].count))
            #expect(counters.returns == counters.gets && counters.outstanding == 0)
        }
    }

    /// Each path pushes from its own thread, as readers on different event loops do.
    @Test func concurrentPathsKeepOrderAndReturnEveryBuffer() {
        let paths = 4
        let perPath = 2000
        let count = paths * perPath
        let pools = (0...paths).map { _ in PathBufferPool(bufferCapacity: 8, maximumFree: 128) }
        let sink = CollectingSink()
        let multiplexer = Multiplexer(window: count, maximumPathID: paths, sink: sink)
        DispatchQueue.concurrentPerform(iterations: paths) { index in
            let path = index + 1
            for step in 0..<perPath {
                let global = UInt64(step * paths + index)
                let packet = makePacket(global: global, pathSequence: UInt64(step + 1), path: path, pool: pools[path])
                _ = multiplexer.push(packet)
            }
        }
        #expect(sink.sequences == (0..<UInt64(count)).map { $0 })
        let summary = multiplexer.summary()
        #expect(summary.deliveryOrderViolations == 0 && summary.duplicates == 0 && summary.depth == 0)
        for path in 1...paths {
            #expect(summary.perPath[path].orderingViolations == 0)
            #expect(pools[path].counters.outstanding == 0)
            #expect(pools[path].counters.returns == UInt64(perPath))
        }
    }

    @Test func theMultiplexerReportsBufferedBytesAndRefusesBeyondItsLimit() {
        let pool = PathBufferPool(bufferCapacity: 8, maximumFree: 8)
        let multiplexer = Multiplexer(window: 8, maximumPathID: 1, sink: CollectingSink(), maximumBufferedBytes: 6)
        #expect(multiplexer.push(makePacket(global: 1, pathSequence: 1, path: 1, pool: pool)) == .accepted)
        #expect(multiplexer.summary().bufferedBytes == 3)
        #expect(multiplexer.push(makePacket(global: 2, pathSequence: 2, path: 1, pool: pool)) == .accepted)
        #expect(multiplexer.push(makePacket(global: 3, pathSequence: 3, path: 1, pool: pool)) == .overByteLimit)
        #expect(multiplexer.push(makePacket(global: 0, pathSequence: 4, path: 1, pool: pool)) == .accepted)
        #expect(multiplexer.summary().bufferedBytes == 0 && multiplexer.nextExpected == 3)
        #expect(pool.counters.outstanding == 0)
    }

    @Test func duplicatesThroughTheMultiplexer() {
        let pool = PathBufferPool(bufferCapacity: 8, maximumFree: 8)
        let sink = CollectingSink()
        let multiplexer = Multiplexer(window: 8, maximumPathID: 2, sink: sink)
        #expect(multiplexer.push(makePacket(global: 0, pathSequence: 1, path: 1, pool: pool)) == .accepted)
        #expect(multiplexer.push(makePacket(global: 0, pathSequence: 1, path: 2, pool: pool)) == .duplicate)
        #expect(multiplexer.push(makePacket(global: 8, pathSequence: 2, path: 1, pool: pool)) == .accepted)
        #expect(multiplexer.push(makePacket(global: 9, pathSequence: 3, path: 1, pool: pool)) == .outsideWindow)
        #expect(multiplexer.nextExpected == 1)
        let summary = multiplexer.summary()
        #expect(summary.duplicates == 1 && summary.perPath[2].duplicates == 1)
        #expect(summary.depth == 1)
        #expect(pool.counters.outstanding == 1)
        multiplexer.resetCounters()
        #expect(multiplexer.summary().duplicates == 0)
    }
}
