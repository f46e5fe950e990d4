@testable import KwikCore
import KwikSnapshot
import NIOCore
import PropertyBased
import Testing

/// Property over generated inputs: the codec round-trips any frame however it is split.
@Suite struct FramePropertyTests {
    static func frame(_ kind: Int, _ a: UInt64, _ b: UInt64, _ c: UInt16, _ bytes: [UInt8]) -> Frame {
        let parameters = SessionParameters(
            direction: .both, totalBytes: a, packetSize: UInt32(truncatingIfNeeded: b), seed: b,
            receiveWindow: UInt32(c), scheduler: SchedulerKind.allCases[Int(b % 4)])
        switch kind {
        case 0:
            return .hello(
                Hello(
                    kind: .join, sessionID: SessionID(high: a, low: b), pathID: c, standby: a % 2 == 0,
                    parameters: parameters, nonce: Array((bytes + JoinProof.zeroNonce).prefix(16)),
                    proof: Array((bytes + JoinProof.zeroProof).prefix(32))))
        case 1:
            return .helloAck(
                HelloAck(
                    sessionID: SessionID(high: b, low: a), pathID: c, receiveWindow: UInt32(c),
                    secret: Array((bytes + JoinProof.zeroProof).prefix(32))))
        case 2:
            return .data(
                DataFrame(
                    header: DataHeader(globalSequence: a, pathSequence: b, sentAt: a ^ b),
                    payload: ByteBuffer(bytes: bytes)))
        case 3: return .dataAck(DataAck(cumulative: a, window: UInt32(c), pathAck: b))
        case 4: return .ping(Heartbeat(timestamp: a))
        case 5: return .pong(Heartbeat(timestamp: b))
        case 6: return .pathStatus(PathStatus(pathID: c, status: [.active, .standby, .disabled][Int(a % 3)]))
        case 7:
            return .stats(
                PeerSummary(
                    deliveredBytes: a, verifiedBytes: b, corruptBytes: a &+ b, deliveryOrderViolations: 0,
                    duplicatesDropped: UInt64(c), orderingViolations: 1, scheduler: SchedulerKind.allCases[Int(a % 4)],
                    peerWindow: b, windowLimitedNanos: a,
                    paths: (1...UInt16(c % 63 + 1)).map {
                        .init(
                            pathID: $0, inFlightTarget: a, deliveryRate: b,
                            minRTTNanos: a % 2 == 0 ? nil : min(b, .max - 1))
                    }))
        case 8:
            return .goodbye(
                Goodbye(
                    reason: Goodbye.Reason.allCases[Int(a % UInt64(Goodbye.Reason.allCases.count))],
                    message: String(decoding: bytes.map { 0x20 + $0 % 90 }, as: UTF8.self)))
        case 9:
            return .scheduler(SchedulerKind.allCases[Int(b % 4)])
        default:
            return .failover(
                FailoverNotice(
                    pathID: c, cause: FailoverNotice.Cause.allCases[Int(a % 4)], packets: a, bytes: b,
                    highestSequence: a &* 3))
        }
    }

    @Test func anyFrameRoundTripsHoweverItIsSplit() async {
        let frames = zip(Gen.int(in: 0...10), Gen.uint64(), Gen.uint64(), Gen.uint16(), Gen.uint8().array(of: 0...300))
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
}
