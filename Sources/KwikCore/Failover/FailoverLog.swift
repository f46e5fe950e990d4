import KwikSnapshot

/// The session's recent failover events, each combining what this end re-injected and what the peer
/// says it re-injected, and resolved once both were delivered; and how many there were in all.
struct FailoverLog {
    /// Events kept, oldest dropped first: the dashboard shows a handful and every NDJSON line carries
    /// them all, while a long soak has thousands. `counts` stays exact.
    static let capacity = 64

    private(set) var events: [FailoverEvent] = []
    private var tracking: [Tracking] = []
    /// Every event since the session started, by path and cause, in that order.
    private(set) var counts: [FailoverCount] = []
    /// What the peer says it re-injected of what was in flight to us, per path, since the start.
    private(set) var peerReinjections: [Int: (packets: UInt64, bytes: UInt64)] = [:]

    private struct Tracking {
        /// The sender's id of what this end re-injected, when it re-injected anything.
        var localReinjection: UInt64?
        var localPending: Bool
        var localDoneAt: Double?
        /// Highest global sequence the peer re-injected; delivery resumed once we pass it.
        var peerHighest: UInt64?
        /// The receive window's edge when this end detected the failure: the peer had nothing in flight
        /// at or beyond it, so once delivery passes it, whatever the failed path carried got through,
        /// even if the peer's notice was lost (sent while every path was down).
        var peerBound: UInt64?
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
    /// - Parameter peerBound: nil when the peer sends nothing here; else the receive window's edge now.
    mutating func detected(
        path: Int, cause: FailoverCause, at time: Double, reinjection: (id: UInt64, packets: UInt64, bytes: UInt64)?,
        peerBound: UInt64?
    ) {
        let index =
            event(path: path, at: time, unless: \.detectedHere)
            ?? start(path: path, cause: cause, at: time, expectPeerNotice: peerBound != nil)
        if let peerBound { tracking[index].peerBound = min(tracking[index].peerBound ?? .max, peerBound) }
        // The peer only saw the connection close; this end knows it killed or disabled it.
        if events[index].cause == .closedByPeer && (cause == .killed || cause == .disabled) {
            recount(index, as: cause)
        }
        tracking[index].detectedHere = true
        if let reinjection, reinjection.packets > 0 {
            tracking[index].localReinjection = reinjection.id
            tracking[index].localPending = true
            events[index].resumedAt = nil
            events[index].reinjectedPackets.saturatingAdd(reinjection.packets)
            events[index].reinjectedBytes.saturatingAdd(reinjection.bytes)
        }
    }

    /// The peer re-injected what was in flight to us on `path`.
    mutating func peerReinjected(
        path: Int, cause: FailoverCause, packets: UInt64, bytes: UInt64, highestSequence: UInt64, at time: Double
    ) {
        if isRepeatedNotice(path: path, highestSequence: highestSequence, at: time) { return }
        let index =
            event(path: path, at: time, unless: \.noticedByPeer)
            ?? start(path: path, cause: cause, at: time, expectPeerNotice: true)
        tracking[index].noticedByPeer = true
        tracking[index].peerPending = packets > 0
        if packets > 0 { events[index].resumedAt = nil }
        if packets == 0 { tracking[index].peerDoneAt = time }
        if packets > 0 {
            var total = peerReinjections[path] ?? (0, 0)
            total.packets.saturatingAdd(packets)
            total.bytes.saturatingAdd(bytes)
            peerReinjections[path] = total
            tracking[index].peerHighest = highestSequence
            events[index].reinjectedPackets.saturatingAdd(packets)
            events[index].reinjectedBytes.saturatingAdd(bytes)
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
    ///   - delivered: every global sequence below this has been delivered here.
    ///   - local: times of the sender's re-injection with an id, in session seconds; nil once the
    ///     sender no longer tracks it (many newer ones came since), which ends the wait for it.
    mutating func update(
        at time: Double, delivered: UInt64, local: (UInt64) -> (firstSent: Double?, acknowledged: Double?)?
    ) {
        for index in events.indices where events[index].resumedAt == nil {
            if let reinjection = tracking[index].localReinjection {
                if let progress = local(reinjection) {
                    if let first = progress.firstSent {
                        events[index].firstReinjectionAt = min(events[index].firstReinjectionAt ?? first, first)
                    }
                    if let acknowledged = progress.acknowledged, tracking[index].localPending {
                        tracking[index].localPending = false
                        tracking[index].localDoneAt = acknowledged
                    }
                } else if tracking[index].localPending {
                    tracking[index].localPending = false
                    tracking[index].localDoneAt = time
                }
            }
            if let highest = tracking[index].peerHighest, tracking[index].peerPending, delivered > highest {
                tracking[index].peerPending = false
                tracking[index].peerDoneAt = time
            }
            if let bound = tracking[index].peerBound, tracking[index].peerPending, tracking[index].peerHighest == nil,
                delivered >= bound
            {
                tracking[index].peerPending = false
                tracking[index].peerDoneAt = time
            }
            if !tracking[index].localPending && !tracking[index].peerPending {
                let detected = events[index].detectedAt
                events[index].resumedAt = max(
                    tracking[index].localDoneAt ?? detected, tracking[index].peerDoneAt ?? detected)
            }
        }
    }

    /// The peer sends each notice on every path; the copies after the first change nothing.
    private func isRepeatedNotice(path: Int, highestSequence: UInt64, at time: Double) -> Bool {
        guard let index = events.lastIndex(where: { $0.path == path }), tracking[index].noticedByPeer else {
            return false
        }
        return tracking[index].peerHighest ?? 0 == highestSequence
            && time - events[index].detectedAt <= Self.pairingWindow
    }

    /// The event this end or the peer is about to report too: the latest for `path`, open or recent,
    /// that `side` has not reported yet.
    private func event(path: Int, at time: Double, unless side: KeyPath<Tracking, Bool>) -> Int? {
        guard let index = events.lastIndex(where: { $0.path == path }), !tracking[index][keyPath: side] else {
            return nil
        }
        let event = events[index]
        return event.resumedAt == nil || time - event.detectedAt <= Self.pairingWindow ? index : nil
    }

    private mutating func recount(_ index: Int, as cause: FailoverCause) {
        let path = events[index].path
        if let old = counts.firstIndex(where: { $0.path == path && $0.cause == events[index].cause }) {
            counts[old].events -= 1
            if counts[old].events == 0 { counts.remove(at: old) }
        }
        events[index].cause = cause
        count(path: path, cause: cause)
    }

    private mutating func start(path: Int, cause: FailoverCause, at time: Double, expectPeerNotice: Bool) -> Int {
        if events.count == Self.capacity {
            events.removeFirst()
            tracking.removeFirst()
        }
        events.append(FailoverEvent(path: path, cause: cause, detectedAt: time))
        tracking.append(
            Tracking(
                localReinjection: nil, localPending: false, localDoneAt: nil, peerHighest: nil, peerBound: nil,
                peerPending: expectPeerNotice, peerDoneAt: nil))
        count(path: path, cause: cause)
        return events.count - 1
    }

    private mutating func count(path: Int, cause: FailoverCause) {
        if let index = counts.firstIndex(where: { $0.path == path && $0.cause == cause }) {
            counts[index].events += 1
        } else {
            counts = FailoverCount.sorted(counts + [FailoverCount(path: path, cause: cause, events: 1)])
        }
    }
}

extension UInt64 {
    /// Counts from a peer add up without ever trapping: a total stuck at the maximum is still true to
    /// within what a 64-bit counter can say.
    mutating func saturatingAdd(_ other: UInt64) {
        let (sum, overflow) = addingReportingOverflow(other)
        self = overflow ? .max : sum
    }
}
