@testable import KwikCore
import NIOCore
import PropertyBased
import Testing

/// Property over generated inputs: the multiplexer delivers any interleaving of per-path in-order
/// streams in global order, exactly once.
@Suite struct MultiplexerPropertyTests {
    /// `paths[i]` is the path of global sequence i; `order[k]` picks which path moves next.
    @Test func anyInterleavingOfInOrderPathsIsDeliveredInOrderExactlyOnce() async {
        await propertyCheck(
            count: 300, input: Gen.int(in: 1...4).array(of: 1...200), Gen.int(in: 0...3).array(of: 0...400),
            Gen.int(in: 0...10)
        ) { paths, order, duplicateEvery in
            let sink = CollectingSink()
            let multiplexer = Multiplexer(window: paths.count, maximumPathID: 4, sink: sink)
            var queues: [[UInt64]] = Array(repeating: [], count: 5)
            for (sequence, path) in paths.enumerated() { queues[path].append(UInt64(sequence)) }
            var sent = Array(repeating: UInt64(0), count: 5)
            var choices = order.makeIterator()
            var pushed = 0
            while queues.contains(where: { !$0.isEmpty }) {
                var path = (choices.next() ?? 0) + 1
                while queues[path].isEmpty { path = path % 4 + 1 }
                let sequence = queues[path].removeFirst()
                sent[path] += 1
                _ = multiplexer.push(makePacket(global: sequence, pathSequence: sent[path], path: path, pool: nil))
                pushed += 1
                // Now and then the same packet again, as a re-injection on its own path would bring it.
                if duplicateEvery > 0 && pushed % duplicateEvery == 0 {
                    sent[path] += 1
                    _ = multiplexer.push(makePacket(global: sequence, pathSequence: sent[path], path: path, pool: nil))
                }
            }
            #expect(sink.sequences == Array(0..<UInt64(paths.count)))
            let summary = multiplexer.summary()
            #expect(summary.deliveryOrderViolations == 0)
            #expect(summary.perPath.allSatisfy { $0.orderingViolations == 0 })
            #expect(summary.depth == 0)
        }
    }
}
