import Testing

@testable import kwiktop

struct SendProgressTests {
    @Test func sequencesOfAnUnboundedStreamAreWholePackets() {
        let progress = SendProgress(nextSequence: 10, cumulative: 4, packetSize: 16384, totalBytes: nil)
        #expect(progress.sentBytes == 10 * 16384)
        #expect(progress.acknowledgedBytes == 4 * 16384)
        #expect(progress.unacknowledgedBytes == 6 * 16384)
    }

    @Test func theLastPacketOfABoundedStreamIsShort() {
        let progress = SendProgress(nextSequence: 3, cumulative: 2, packetSize: 4096, totalBytes: 10_000)
        #expect(progress.sentBytes == 10_000)
        #expect(progress.unacknowledgedBytes == 10_000 - 2 * 4096)
    }

    @Test func aReceiverSendsNothing() {
        #expect(
            SendProgress(nextSequence: 0, cumulative: 0, packetSize: 16384, totalBytes: nil).unacknowledgedBytes == 0)
    }
}
