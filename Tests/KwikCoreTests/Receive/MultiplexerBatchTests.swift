@testable import KwikCore
import NIOConcurrencyHelpers
import NIOCore
import Testing

@Suite struct MultiplexerBatchTests {
    /// Records what each call to the sink carried.
    final class BatchSink: DeliverySink, Sendable {
        private let calls = NIOLockedValueBox<[[UInt64]]>([])

        func deliver(_ packet: Packet) {
            calls.withLockedValue { $0.append([packet.header.globalSequence]) }
        }

        func deliver(_ packets: ArraySlice<Packet>) {
            calls.withLockedValue { $0.append(packets.map(\.header.globalSequence)) }
        }

        var batches: [[UInt64]] { calls.withLockedValue { $0 } }
    }

    let sink = BatchSink()
    let first = PathBufferPool(bufferCapacity: 16, maximumFree: 64)
    let second = PathBufferPool(bufferCapacity: 16, maximumFree: 64)

    func batch(_ arrivals: [(global: UInt64, pool: PathBufferPool)]) -> PacketBatch {
        var batch = PacketBatch()
        var pathSequences: [ObjectIdentifier: UInt64] = [:]
        for (global, pool) in arrivals {
            let path = pool === first ? 1 : 2
            let pathSequence = pathSequences[ObjectIdentifier(pool), default: 0] + 1
            pathSequences[ObjectIdentifier(pool)] = pathSequence
            batch.append(makePacket(global: global, pathSequence: pathSequence, path: path, pool: pool))
        }
        return batch
    }

    /// One push hands the sink everything it completed in one call, and every payload goes home.
    @Test func aReadsPacketsAreDeliveredTogetherAndReturnedToTheirPools() {
        let multiplexer = Multiplexer(window: 64, maximumPathID: 2, sink: sink)
        var read = batch([(1, first), (2, second), (0, first), (3, second), (4, second), (6, first)])
        #expect(multiplexer.push(&read) == nil)
        #expect(read.isEmpty && read.delivered.isEmpty, "the batch is left ready for the next read")
        #expect(sink.batches == [[0, 1, 2, 3, 4]])
        #expect(multiplexer.nextExpected == 5)
        #expect(first.counters.returns == 2 && first.counters.outstanding == 1, "6 waits for 5")
        #expect(second.counters.returns == 3 && second.counters.outstanding == 0)

        var next = batch([(5, second)])
        #expect(multiplexer.push(&next) == nil)
        #expect(sink.batches.last == [5, 6])
        #expect(first.counters.outstanding == 0 && second.counters.outstanding == 0)
        #expect(multiplexer.summary().deliveredPackets == 7)
    }

    /// A packet beyond the window ends the batch: what came before it is delivered, it and what
    /// follows are released, and the refusal names it.
    @Test func aRefusalMidBatchKeepsWhatCameBefore() {
        let multiplexer = Multiplexer(window: 4, maximumPathID: 2, sink: sink)
        var read = batch([(0, first), (1, first), (9, second), (2, first), (3, second)])
        let refusal = multiplexer.push(&read)
        #expect(refusal?.refusal == .outsideWindow)
        #expect(refusal?.sequence == 9)
        #expect(sink.batches == [[0, 1]])
        #expect(multiplexer.nextExpected == 2)
        #expect(first.counters.outstanding == 0 && second.counters.outstanding == 0)
        #expect(first.counters.returns == 3 && second.counters.returns == 2)
        #expect(read.isEmpty)
    }

    @Test func anEmptyBatchDeliversNothing() {
        let multiplexer = Multiplexer(window: 4, maximumPathID: 2, sink: sink)
        var read = PacketBatch()
        #expect(multiplexer.push(&read) == nil)
        #expect(sink.batches.isEmpty)
    }

    /// Runs of packets from one pool go back in one turn of its lock, and every payload is counted.
    @Test func aPoolTakesASliceBackWhole() {
        let pool = PathBufferPool(bufferCapacity: 16, maximumFree: 2)
        let packets = (0..<5).map { makePacket(global: UInt64($0), pathSequence: UInt64($0) + 1, path: 1, pool: pool) }
        pool.put(packets[1...])
        #expect(pool.counters.returns == 4 && pool.counters.outstanding == 1)
        #expect(pool.counters.dropped == 2, "beyond two free buffers the rest are dropped")
        #expect(pool.get()!.readableBytes == 0, "a returned buffer comes back empty")
    }
}
