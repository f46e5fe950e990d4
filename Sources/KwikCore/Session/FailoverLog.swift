import KwikMetrics

/// The session's failover events, each combining what this end re-injected and what the peer says
/// it re-injected, and resolved once both were delivered.
struct FailoverLog {
    private(set) var events: [FailoverEvent] = []
    private var tracking: [Tracking] = []

    private struct Tracking {
        /// Index into the sender's re-injections, when this end re-injected anything.
        var localReinjection: Int?
        var localPending: Bool
        var localDoneAt: Double?
        /// Highest global sequence the peer re-injected; delivery resumed once we pass it.
        var peerHighest: UInt64?
        var peerPending: Bool
        var peerDoneAt: Double?
        var detectedHere = false
        var noticedByPeer = false
    }

    /// Both ends detect the same failure independently, moments apart: within this many seconds they
    /// are one event.
    static let pairingWindow = 2.0

    var hasOpenEvents: Bool { events.contains { $0.resumedAt == nil } }

    /// Records a failure detected here. An open event for the same path (say, one the peer announced
    /// first) is completed instead of starting a new one.
    mutating func detected(path: Int, cause: FailoverCause, at time: Double, reinjection: (index: Int, packets: UInt64, bytes: UInt64)?, expectPeerNotice: Bool) {
        let index = event(path: path, at: time, unless: \.detectedHere)
            ?? start(path: path, cause: cause, at: time, expectPeerNotice: expectPeerNotice)
        tracking[index].detectedHere = true
        if let reinjection, reinjection.packets > 0 {
            tracking[index].localReinjection = reinjection.index
            tracking[index].localPending = true
            events[index].resumedAt = nil
            events[index].reinjectedPackets += reinjection.packets
            events[index].reinjectedBytes += reinjection.bytes
        }
    }

    /// The peer re-injected what was in flight to us on `path`.
    mutating func peerReinjected(path: Int, cause: FailoverCause, packets: UInt64, bytes: UInt64, highestSequence: UInt64, at time: Double) {
        if isRepeatedNotice(path: path, highestSequence: highestSequence, at: time) { return }
        let index = event(path: path, at: time, unless: \.noticedByPeer) ?? start(path: path, cause: cause, at: time, expectPeerNotice: true)
        tracking[index].noticedByPeer = true
        tracking[index].peerPending = packets > 0
        if packets > 0 { events[index].resumedAt = nil }
        if packets == 0 { tracking[index].peerDoneAt = time }
        if packets > 0 {
            tracking[index].peerHighest = highestSequence
            events[index].reinjectedPackets += packets
            events[index].reinjectedBytes += bytes
            if events[index].firstReinjectionAt == nil { events[index].firstReinjectionAt = time }
        }
    }

    /// The path answers again. If the peer never announced a re-injection for its open event, the peer
    /// never saw the failure (the outage was shorter than its timeout): what it sent arrives on the
    /// path itself.
    mutating func pathRecovered(path: Int, at time: Double) {
        guard let index = events.lastIndex(where: { $0.path == path && $0.resumedAt == nil }),
            tracking[index].peerPending, !tracking[index].noticedByPeer
        else { return }
        tracking[index].peerPending = false
        tracking[index].peerDoneAt = time
    }

    /// Resolves events whose re-injected data has all gone through.
    /// - Parameters:
    ///   - localFirstSent / localAcknowledged: times of the sender's re-injection `i`, in session seconds.
    ///   - delivered: every global sequence below this has been delivered here.
    mutating func update(at time: Double, delivered: UInt64, local: (Int) -> (firstSent: Double?, acknowledged: Double?)) {
        for index in events.indices where events[index].resumedAt == nil {
            if let reinjection = tracking[index].localReinjection {
                let progress = local(reinjection)
                if let first = progress.firstSent {
                    events[index].firstReinjectionAt = min(events[index].firstReinjectionAt ?? first, first)
                }
                if let acknowledged = progress.acknowledged, tracking[index].localPending {
                    tracking[index].localPending = false
                    tracking[index].localDoneAt = acknowledged
                }
            }
            if let highest = tracking[index].peerHighest, tracking[index].peerPending, delivered > highest {
                tracking[index].peerPending = false
                tracking[index].peerDoneAt = time
            }
            if !tracking[index].localPending && !tracking[index].peerPending {
                let detected = events[index].detectedAt
                events[index].resumedAt = max(tracking[index].localDoneAt ?? detected, tracking[index].peerDoneAt ?? detected)
            }
        }
    }

    /// The peer sends each notice on every path; the copies after the first change nothing.
    private func isRepeatedNotice(path: Int, highestSequence: UInt64, at time: Double) -> Bool {
        guard let index = events.lastIndex(where: { $0.path == path }), tracking[index].noticedByPeer else { return false }
        return tracking[index].peerHighest ?? 0 == highestSequence && time - events[index].detectedAt <= Self.pairingWindow
    }

    /// The event this end or the peer is about to report too: the latest for `path`, open or recent,
    /// that `side` has not reported yet.
    private func event(path: Int, at time: Double, unless side: KeyPath<Tracking, Bool>) -> Int? {
        guard let index = events.lastIndex(where: { $0.path == path }), !tracking[index][keyPath: side] else { return nil }
        let event = events[index]
        return event.resumedAt == nil || time - event.detectedAt <= Self.pairingWindow ? index : nil
    }

    private mutating func start(path: Int, cause: FailoverCause, at time: Double, expectPeerNotice: Bool) -> Int {
        events.append(FailoverEvent(path: path, cause: cause, detectedAt: time))
        tracking.append(Tracking(localReinjection: nil, localPending: false, localDoneAt: nil, peerHighest: nil, peerPending: expectPeerNotice, peerDoneAt: nil))
        return events.count - 1
    }
}
