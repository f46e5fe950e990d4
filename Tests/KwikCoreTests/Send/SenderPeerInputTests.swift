@testable import KwikCore
import KwikSnapshot
import Testing

/// What the sender does with acknowledgements no correct peer sends, and with events from an older
/// connection of a path id.
@Suite struct SenderPeerInputTests {
    /// A peer announcing the largest window and acknowledging every path sequence but never the
    /// cumulative one would make the sender keep everything it sends: the clamp stops it.
    @Test func clampsThePeersWindow() {
        let h = SenderHarness(packets: 10_000, window: UInt64(UInt32.max), maximumWindow: 8)
        h.register(1)
        var sent: [DataFrame] = []
        for _ in 0..<50 {
            sent += h.take(1)
            h.ack(cumulative: 0, window: UInt64(UInt32.max), pathAck: UInt64(sent.count), on: 1)
        }
        #expect(sent.count == 8)
        #expect(h.sender.summary().queued == 8)
    }

    @Test func refusesAPathAckBeyondWhatWasWritten() throws {
        let h = SenderHarness(packets: 100, window: 16)
        h.register(1)
        let written = h.take(1).count
        let ack = DataAck(cumulative: 0, window: 16, pathAck: UInt64(written + 1))
        #expect(throws: ProtocolViolation.self) { try h.sender.acknowledge(ack, onPath: 1, connection: 1) }
        #expect(h.sender.summary().paths.first?.inFlightPackets == UInt64(written))
    }

    /// Sequences assigned to a path but not yet written cannot have reached the peer. Taking an
    /// acknowledgement of them used to make the in-flight count underflow when the path failed.
    @Test func refusesAPathAckOfSequencesNotYetWritten() {
        let h = SenderHarness(packets: 100, window: 16, inFlightLimit: 8)
        h.register(1)
        let ack = DataAck(cumulative: 0, window: 16, pathAck: 8)
        #expect(throws: ProtocolViolation.self) { try h.sender.acknowledge(ack, onPath: 1, connection: 1) }
        let reinjection = h.sender.setState(.failed, forPath: 1)
        #expect(reinjection?.packets == 8, "what was assigned to the path is sent again elsewhere")
        #expect(h.sender.summary().paths.first?.inFlightPackets == 0)
    }

    @Test func refusesACumulativeAckBeyondWhatWasSent() {
        let h = SenderHarness(packets: 100, window: 16)
        h.register(1)
        let sent = h.take(1).count
        let ack = DataAck(cumulative: UInt64(sent + 1), window: 16, pathAck: 0)
        #expect(throws: ProtocolViolation.self) { try h.sender.acknowledge(ack, onPath: 1, connection: 1) }
        #expect(h.sender.summary().cumulative == 0)
    }

    /// The old connection of a reused path id: its drain takes nothing, its writability and path
    /// acknowledgements do not touch the new connection, its cumulative acknowledgement still counts.
    @Test func ignoresAnOlderConnectionOfThePathID() {
        let h = SenderHarness(packets: 100, window: 16, inFlightLimit: 6)
        h.register(1, connection: 1)
        #expect(h.take(1, connection: 1).count == 6)
        // The new connection takes over what the old one had in flight.
        h.register(1, connection: 2)
        #expect(h.take(1, connection: 1).isEmpty)
        h.sender.setWritable(false, forPath: 1, connection: 1)
        // Beyond what the new connection wrote (nothing yet), so it can only be the old one's.
        h.ack(cumulative: 2, window: 16, pathAck: 6, on: 1, connection: 1)
        #expect(h.sender.summary().cumulative == 2)
        let fresh = h.take(1, connection: 2)
        #expect(fresh.pathSequences == [1, 2, 3, 4, 5, 6], "the new connection stayed writable")
        #expect(h.sender.summary().paths.first?.inFlightPackets == 6, "the old path ack was not taken")
    }
}
