import KwikSnapshot
import NIOConcurrencyHelpers

/// The session's failover events behind one lock: what this end detected and re-injected, what the
/// peer announced, each resolved once delivery resumed (`FailoverLog` is the pure logic).
final class FailoverTracker: Sendable {
    private let log = NIOLockedValueBox(FailoverLog())

    /// A failure detected here, with what the sender re-injected for it; `peerBound` is the receive
    /// window's edge now, nil when the peer sends nothing here.
    func detected(
        path: Int, cause: FailoverCause, at time: Double, reinjection: Sender.Reinjection?, peerBound: UInt64?
    ) {
        let reinjected = reinjection.flatMap { reinjection in
            reinjection.id.map { (id: $0, packets: reinjection.packets, bytes: reinjection.bytes) }
        }
        log.withLockedValue {
            $0.detected(path: path, cause: cause, at: time, reinjection: reinjected, peerBound: peerBound)
        }
    }

    func peerReinjected(_ notice: FailoverNotice, at time: Double) {
        log.withLockedValue {
            $0.peerReinjected(
                path: Int(notice.pathID), cause: FailoverCause(notice.cause), packets: notice.packets,
                bytes: notice.bytes,
                highestSequence: notice.highestSequence, at: time)
        }
    }

    func pathRecovered(path: Int, at time: Double) {
        log.withLockedValue { $0.pathRecovered(path: path, at: time) }
    }

    var hasOpenEvents: Bool { log.withLockedValue { $0.hasOpenEvents } }

    /// Per path, what the peer re-injected of what was in flight to this end.
    var peerReinjections: [Int: (packets: UInt64, bytes: UInt64)] { log.withLockedValue { $0.peerReinjections } }

    /// Resolves what went through: `delivered` is the receive side's next expected sequence,
    /// `reinjections` the sender's tracked ones, `clock` turns their times into session seconds.
    func resolve(at time: Double, delivered: UInt64, reinjections: [Sender.Reinjection], clock: SessionClock) {
        log.withLockedValue { log in
            log.update(at: time, delivered: delivered) { id in
                guard let reinjection = reinjections.first(where: { $0.id == id }) else { return nil }
                return (reinjection.firstSentAt.map(clock.seconds), reinjection.acknowledgedAt.map(clock.seconds))
            }
        }
    }

    /// The recent events and the exact counts, read together.
    var reading: (events: [FailoverEvent], counts: [FailoverCount]) {
        log.withLockedValue { ($0.events, $0.counts) }
    }
}

extension FailoverCause {
    init(_ wire: FailoverNotice.Cause) {
        switch wire {
        case .disabled: self = .disabled
        case .killed: self = .killed
        case .stale: self = .stale
        case .closedByPeer: self = .closedByPeer
        }
    }
}

extension FailoverNotice.Cause {
    init(_ cause: FailoverCause) {
        switch cause {
        case .disabled: self = .disabled
        case .killed: self = .killed
        case .stale: self = .stale
        case .closedByPeer: self = .closedByPeer
        }
    }
}
