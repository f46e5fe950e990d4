@testable import KwikCore
import KwikSnapshot
import KwikTestSupport
import NIOEmbedded
import Testing

/// A FAILOVER is the peer's word: one that no correct peer could send is a protocol violation, and
/// whatever gets through adds up without ever trapping.
@Suite struct FailoverNoticeTests {
    private func withServerSession(_ body: (Session) throws -> Void) throws {
        let loop = EmbeddedEventLoop()
        var configuration = EngineConfiguration()
        configuration.receiveWindow = 64
        // The window may not grow: 64 packets is all a correct peer can have in flight.
        configuration.maximumWindowBytes = 64 * 1000
        let session = Session(
            id: .random(), role: .server,
            parameters: SessionParameters(
                direction: .download, totalBytes: 0, packetSize: 1000, seed: 1, receiveWindow: 64),
            configuration: configuration, homeLoop: loop, logger: quietLogger)
        _ = session.paths.admit(1, standby: false, limit: 4)
        try body(session)
        session.fail("test over")
        try loop.syncShutdownGracefully()
    }

    private func notice(path: UInt16 = 1, packets: UInt64, bytes: UInt64, highest: UInt64) -> FailoverNotice {
        FailoverNotice(pathID: path, cause: .killed, packets: packets, bytes: bytes, highestSequence: highest)
    }

    @Test func aNoticeForAPathTheSessionDoesNotHaveIsIgnored() throws {
        try withServerSession { session in
            for path in UInt16(2)...UInt16(200) {
                try session.peerReinjected(notice(path: path, packets: 1, bytes: 1000, highest: 0))
            }
            let snapshot = session.snapshot()
            #expect(snapshot.failovers.isEmpty && snapshot.failoverCounts.isEmpty, "nothing was recorded for them")
        }
    }

    @Test(arguments: [
        (UInt64.max, UInt64.max, UInt64(0)),  // more packets than a window, and bytes that overflow
        (65, 65_000, 10),  // one packet more than the window
        (2, 2001, 1),  // more bytes than two packets hold
        (1, 1000, 64),  // a sequence beyond the window
        (1, 1000, .max),  // a sequence that would never resolve
    ])
    func aNoticeNoCorrectPeerCouldSendIsAViolation(packets: UInt64, bytes: UInt64, highest: UInt64) throws {
        try withServerSession { session in
            #expect(throws: ProtocolViolation.self) {
                try session.peerReinjected(notice(packets: packets, bytes: bytes, highest: highest))
            }
        }
    }

    @Test func aFullWindowIsAccepted() throws {
        try withServerSession { session in
            try session.peerReinjected(notice(packets: 64, bytes: 64_000, highest: 63))
            let snapshot = session.snapshot()
            #expect(snapshot.failovers.first?.reinjectedPackets == 64)
            let path = snapshot.paths.first { $0.id == snapshot.failovers.first?.path }
            #expect(path?.peerReinjectedPackets == 64 && path?.peerReinjectedBytes == 64_000, "the path's row shows it")
            #expect(path?.reinjectedPackets == 0, "this end re-injected nothing")
        }
    }

    @Test func peerCountsSaturateInsteadOfTrapping() {
        var log = FailoverLog()
        log.peerReinjected(path: 1, cause: .killed, packets: .max - 1, bytes: .max - 1, highestSequence: 3, at: 0)
        log.detected(
            path: 1, cause: .killed, at: 0.1, reinjection: (id: 1, packets: 5, bytes: 5), peerBound: .max)
        #expect(log.events.count == 1)
        #expect(log.events[0].reinjectedPackets == .max && log.events[0].reinjectedBytes == .max)
    }
}
