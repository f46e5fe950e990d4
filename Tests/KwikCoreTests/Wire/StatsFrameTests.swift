@testable import KwikCore
import KwikSnapshot
import NIOCore
import Testing

/// STATS carries the sender's model of each path: bounded, one entry per path id, and a peer that
/// breaks either rule sends a malformed frame (which closes the path it came on, as any other does).
@Suite struct StatsFrameTests {
    static func stats(paths: [PeerSummary.PathSending]) -> PeerSummary {
        PeerSummary(
            deliveredBytes: 1, verifiedBytes: 1, corruptBytes: 0, deliveryOrderViolations: 0, duplicatesDropped: 0,
            orderingViolations: 0, peerWindow: 64, windowLimitedNanos: 5, paths: paths)
    }

    /// The body of a STATS frame with `paths`, to break by hand.
    static func body(paths: [PeerSummary.PathSending]) -> [UInt8] {
        var buffer = ByteBuffer()
        Frame.stats(stats(paths: paths)).encode(into: &buffer)
        return Array(buffer.readableBytesView.dropFirst(5))
    }

    static let countOffset = 65
    static let entrySize = 50

    @Test func everyPathIDRoundTripsWithUnknownRTTs() throws {
        let paths = (1...UInt16(Sender.highestPathID)).map {
            PeerSummary.PathSending(
                pathID: $0, inFlightTarget: UInt64($0), deliveryRate: .max, minRTTNanos: $0 % 2 == 0 ? nil : 0,
                smoothedRTTNanos: nil, headOfLineNanos: .max, opportunisticReinjections: 3)
        }
        var buffer = ByteBuffer()
        Frame.stats(Self.stats(paths: paths)).encode(into: &buffer)
        #expect(buffer.readableBytes == 5 + Self.countOffset + 1 + paths.count * Self.entrySize)
        #expect(try FrameParser().next(from: &buffer) == .stats(Self.stats(paths: paths)))
    }

    @Test func theEncoderNeverWritesMoreEntriesThanPathIDs() throws {
        let many = (1...100).map { PeerSummary.PathSending(pathID: UInt16($0)) }
        var buffer = ByteBuffer()
        Frame.stats(Self.stats(paths: many)).encode(into: &buffer)
        guard case .stats(let decoded)? = try FrameParser().next(from: &buffer) else {
            Issue.record("not a STATS frame")
            return
        }
        #expect(decoded.paths.count == Sender.highestPathID)
    }

    @Test func aCountBeyondThePathIDsIsMalformed() {
        var body = Self.body(paths: [])
        body[Self.countOffset] = UInt8(Sender.highestPathID + 1)
        CodecTests.expectMalformed(CodecTests.reframed(.stats, body: body), .stats, containing: "64 paths")
    }

    @Test(arguments: [UInt16(0), UInt16(Sender.highestPathID + 1), .max])
    func aPathIDOutsideTheRangeIsMalformed(_ id: UInt16) {
        var body = Self.body(paths: [.init(pathID: 1)])
        body[Self.countOffset + 1] = UInt8(id >> 8)
        body[Self.countOffset + 2] = UInt8(id & 0xFF)
        CodecTests.expectMalformed(CodecTests.reframed(.stats, body: body), .stats, containing: "path id \(id)")
    }

    @Test func aPathNamedTwiceIsMalformed() {
        let body = Self.body(paths: [.init(pathID: 5), .init(pathID: 5)])
        CodecTests.expectMalformed(CodecTests.reframed(.stats, body: body), .stats, containing: "path 5 twice")
    }

    @Test func aCountPastTheEndOrBytesAfterTheLastEntryAreMalformed() {
        var body = Self.body(paths: [.init(pathID: 1)])
        body[Self.countOffset] = 2
        CodecTests.expectMalformed(CodecTests.reframed(.stats, body: body), .stats, containing: "too short")
        body[Self.countOffset] = 0
        CodecTests.expectMalformed(CodecTests.reframed(.stats, body: body), .stats, containing: "trailing")
    }

    /// A hostile peer's figures become snapshot values without trapping: packet counts beyond what
    /// bytes can hold saturate.
    @Test func hugeFiguresSaturateInTheSnapshot() {
        let summary = Self.stats(paths: [
            .init(pathID: 3, inFlightTarget: .max, deliveryRate: .max, minRTTNanos: .max - 1, headOfLineNanos: .max)
        ])
        let report = PeerReport(summary, packetSize: 16384)
        #expect(report.paths.map(\.id) == [3])
        #expect(report.paths[0].sending.inFlightTargetBytes == .max)
        #expect(report.paths[0].sending.smoothedRTT == nil)
        #expect(report.paths[0].sending.queueingDelay == nil)
        #expect(report.peerWindowPackets == 64)
    }

    @Test func theSendersFiguresConvertToWireUnits() {
        var path = SenderSummary.Path(
            id: 4, state: .active, inFlightPackets: 0, reinjectedPackets: 0, reinjectedBytes: 0, inFlightTarget: 20,
            deliveryRate: 1.25e8, minRTT: 250.5, smoothedRTT: nil, headOfLineNanos: 7, opportunisticReinjections: 1)
        #expect(
            PeerSummary.PathSending(path)
                == .init(
                    pathID: 4, inFlightTarget: 20, deliveryRate: 125_000_000, minRTTNanos: 250_500,
                    smoothedRTTNanos: nil, headOfLineNanos: 7, opportunisticReinjections: 1))
        path.deliveryRate = -.infinity
        path.minRTT = .nan
        #expect(PeerSummary.PathSending(path).deliveryRate == 0)
        #expect(PeerSummary.PathSending(path).minRTTNanos == 0)
    }
}
