import Foundation
@testable import KwikCore
import KwikSnapshot
import NIOEmbedded
import Testing

/// A long soak fails paths thousands of times: the log keeps the recent events and exact counts.
@Suite struct FailoverLogTests {
    @Test func theLogKeepsTheMostRecentEventsAndExactCounts() {
        var log = FailoverLog()
        let causes: [FailoverCause] = [.disabled, .killed, .stale]
        var all: [FailoverEvent] = []
        for index in 0..<200 {
            let event = FailoverEvent(path: 1 + index % 4, cause: causes[index % 3], detectedAt: Double(index) * 10)
            all.append(event)
            log.detected(
                path: event.path, cause: event.cause, at: event.detectedAt, reinjection: nil, peerBound: nil)
        }
        #expect(log.events.count == FailoverLog.capacity)
        #expect(log.events.map(\.detectedAt) == all.suffix(FailoverLog.capacity).map(\.detectedAt))
        #expect(log.counts == FailoverCount.tally(all))
        #expect(log.counts.reduce(0) { $0 + $1.events } == 200)
        log.update(at: 2000, delivered: 0) { _ in nil }
        #expect(log.events.allSatisfy { $0.resumedAt != nil }, "events kept are still resolved")
    }

    /// The receiving end counts what the peer re-injected per path, from its notices: a repeated
    /// notice of the same failover adds nothing, a later failover adds again, and the totals outlive
    /// the events the log drops.
    @Test func thePeersReinjectionsAreCountedPerPath() {
        var log = FailoverLog()
        log.peerReinjected(path: 2, cause: .stale, packets: 10, bytes: 16_000, highestSequence: 90, at: 1)
        log.peerReinjected(path: 2, cause: .stale, packets: 10, bytes: 16_000, highestSequence: 90, at: 1.5)
        log.peerReinjected(path: 3, cause: .killed, packets: 1, bytes: 1_600, highestSequence: 95, at: 2)
        log.peerReinjected(path: 2, cause: .killed, packets: 4, bytes: 6_400, highestSequence: 140, at: 9)
        #expect(log.peerReinjections[2]?.packets == 14)
        #expect(log.peerReinjections[2]?.bytes == 22_400)
        #expect(log.peerReinjections[3]?.packets == 1)
        #expect(log.peerReinjections[1] == nil)
        for index in 0..<(FailoverLog.capacity + 4) {
            log.detected(
                path: 1, cause: .disabled, at: 20 + Double(index) * 10, reinjection: nil, peerBound: nil)
        }
        #expect(!log.events.contains { $0.path == 2 })
        #expect(log.peerReinjections[2]?.packets == 14)
    }

    /// The peer's notice can overtake this end's own detection of a path it killed: the event and the
    /// counts still say killed.
    @Test func aKillThePeerAnnouncedFirstIsCountedAsAKill() {
        var log = FailoverLog()
        log.peerReinjected(path: 2, cause: .closedByPeer, packets: 2, bytes: 32768, highestSequence: 9, at: 1.001)
        log.detected(path: 2, cause: .killed, at: 1.002, reinjection: nil, peerBound: .max)
        #expect(log.events.map(\.cause) == [.killed])
        #expect(log.events[0].detectedAt == 1.001)
        #expect(log.counts == [FailoverCount(path: 2, cause: .killed, events: 1)])
    }

    /// Every path black-holed at once: the peer's notice went out on dead paths and never came, and the
    /// path came back as a new connection, not by answering again. Delivery past the window's edge at
    /// detection still ends the event: nothing the path carried was beyond it.
    @Test func anEventWhosePeerNoticeWasLostEndsOnceDeliveryPassesTheEdgeOfThen() {
        var log = FailoverLog()
        log.detected(path: 4, cause: .stale, at: 1.3, reinjection: nil, peerBound: 1200)
        log.update(at: 2.0, delivered: 1199) { _ in nil }
        #expect(log.events[0].resumedAt == nil, "sequence 1199 may still be on its way")
        log.update(at: 2.4, delivered: 1200) { _ in nil }
        #expect(log.events[0].resumedAt == 2.4)

        var announced = FailoverLog()
        announced.detected(path: 4, cause: .stale, at: 1.3, reinjection: nil, peerBound: 1200)
        announced.peerReinjected(path: 4, cause: .stale, packets: 3, bytes: 300, highestSequence: 1500, at: 1.4)
        announced.update(at: 2.4, delivered: 1300) { _ in nil }
        #expect(announced.events[0].resumedAt == nil, "the peer said what it re-injected: that is waited for")
        announced.update(at: 2.5, delivered: 1501) { _ in nil }
        #expect(announced.events[0].resumedAt == 2.5)
    }

    @Test func aStaleDetectionDoesNotRenameWhatThePeerSawClosed() {
        var log = FailoverLog()
        log.peerReinjected(path: 2, cause: .closedByPeer, packets: 0, bytes: 0, highestSequence: 0, at: 1)
        log.detected(path: 2, cause: .stale, at: 1.2, reinjection: nil, peerBound: .max)
        #expect(log.events.map(\.cause) == [.closedByPeer])
        #expect(log.counts == [FailoverCount(path: 2, cause: .closedByPeer, events: 1)])
    }

    @Test func anEventWaitingForAReinjectionTheSenderNoLongerTracksIsResolved() {
        var log = FailoverLog()
        log.detected(
            path: 1, cause: .killed, at: 1, reinjection: (id: 7, packets: 3, bytes: 300), peerBound: nil)
        log.update(at: 1.5, delivered: 0) { _ in (firstSent: 1.1, acknowledged: nil) }
        #expect(log.events[0].resumedAt == nil)
        #expect(log.events[0].firstReinjectionAt == 1.1)
        log.update(at: 2, delivered: 0) { _ in nil }
        #expect(log.events[0].resumedAt == 2)
    }

    @Test func aSessionSnapshotCarriesTheRecentEventsAndEveryCount() throws {
        let loop = EmbeddedEventLoop()
        let session = Session(
            id: .random(), role: .client,
            parameters: SessionParameters(
                direction: .download, totalBytes: 0, packetSize: 16384, seed: 1, receiveWindow: 256),
            configuration: EngineConfiguration(), homeLoop: loop, logger: quietLogger)
        for index in 0..<100 {
            session.failover(path: 1 + index % 2, cause: index.isMultiple(of: 2) ? .killed : .stale, reinjection: nil)
        }
        let snapshot = session.snapshot()
        #expect(snapshot.failovers.count == FailoverLog.capacity)
        #expect(snapshot.failoverTotal == 100)
        #expect(
            snapshot.failoverCounts == [
                FailoverCount(path: 1, cause: .killed, events: 50), FailoverCount(path: 2, cause: .stale, events: 50),
            ])
        let line = try #require(
            try JSONSerialization.jsonObject(with: Data(SnapshotJSON.line(snapshot, rates: ThroughputRates()).utf8))
                as? [String: Any])
        #expect(line["failovers_total"] as? Int == 100)
        #expect((line["failovers"] as? [Any])?.count == FailoverLog.capacity)
        #expect((line["failover_counts"] as? [[String: Any]])?.first?["events"] as? Int == 50)
        let hits = try #require(line["limit_hits"] as? [String: Int])
        #expect(Set(hits.keys) == Set(Limit.perSession.map(\.rawValue)))
        #expect(hits.values.allSatisfy { $0 == 0 })
        session.fail("test over")
        try loop.syncShutdownGracefully()
    }
}
