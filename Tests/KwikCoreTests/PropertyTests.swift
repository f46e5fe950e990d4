@testable import KwikCore
import KwikSnapshot
import NIOCore
import PropertyBased
import Testing

/// Properties over generated inputs: the codec round-trips any frame however it is split, and the
/// multiplexer delivers any interleaving of per-path in-order streams in global order, exactly once.
@Suite struct PropertyTests {
    static func frame(_ kind: Int, _ a: UInt64, _ b: UInt64, _ c: UInt16, _ bytes: [UInt8]) -> Frame {
        let parameters = SessionParameters(
            direction: .both, totalBytes: a, packetSize: UInt32(truncatingIfNeeded: b), seed: b, receiveWindow: UInt32(c))
        switch kind {
        case 0: return .hello(Hello(kind: .join, sessionID: SessionID(high: a, low: b), pathID: c, standby: a % 2 == 0,
                                    parameters: parameters, nonce: Array((bytes + JoinProof.zeroNonce).prefix(16)),
                                    proof: Array((bytes + JoinProof.zeroProof).prefix(32))))
        case 1: return .helloAck(HelloAck(sessionID: SessionID(high: b, low: a), pathID: c, receiveWindow: UInt32(c),
                                          secret: Array((bytes + JoinProof.zeroProof).prefix(32))))
        case 2: return .data(DataFrame(header: DataHeader(globalSequence: a, pathSequence: b, sentAt: a ^ b), payload: ByteBuffer(bytes: bytes)))
        case 3: return .dataAck(DataAck(cumulative: a, window: UInt32(c), pathAck: b))
        case 4: return .ping(Heartbeat(timestamp: a))
        case 5: return .pong(Heartbeat(timestamp: b))
        case 6: return .pathStatus(PathStatus(pathID: c, status: [.active, .standby, .disabled][Int(a % 3)]))
        case 7: return .stats(PeerSummary(deliveredBytes: a, verifiedBytes: b, corruptBytes: a &+ b, deliveryOrderViolations: 0,
                                          duplicatesDropped: UInt64(c), orderingViolations: 1))
        case 8: return .goodbye(Goodbye(reason: Goodbye.Reason.allCases[Int(a % UInt64(Goodbye.Reason.allCases.count))],
                                        message: String(decoding: bytes.map { 0x20 + $0 % 90 }, as: UTF8.self)))
        default: return .failover(FailoverNotice(pathID: c, cause: UInt8(a % 4), packets: a, bytes: b, highestSequence: a &* 3))
        }
    }

    @Test func anyFrameRoundTripsHoweverItIsSplit() async {
        let frames = zip(Gen.int(in: 0...9), Gen.uint64(), Gen.uint64(), Gen.uint16(), Gen.uint8().array(of: 0...300))
            .map { Self.frame($0, $1, $2, $3, $4) }
        await propertyCheck(count: 300, input: frames.array(of: 1...8), Gen.int(in: 1...64)) { frames, chunk in
            var wire = ByteBuffer()
            for frame in frames { frame.encode(into: &wire) }
            let parser = FrameParser()
            var pending = ByteBuffer()
            var decoded: [Frame] = []
            while wire.readableBytes > 0 {
                var piece = wire.readSlice(length: min(chunk, wire.readableBytes))!
                pending.writeBuffer(&piece)
                while let frame = try? parser.next(from: &pending) { decoded.append(frame) }
            }
            #expect(decoded == frames)
            #expect(pending.readableBytes == 0)
        }
    }

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
