import DequeModule

extension Sender {
    /// Packets re-injected because one path failed; tracked until the peer acknowledges all of them.
    public struct Reinjection: Sendable {
        public let pathID: Int
        public let packets: UInt64
        public let bytes: UInt64
        public let highestSequence: UInt64
        /// Tells the re-injection apart while the sender tracks it; nil when nothing needed re-sending.
        public internal(set) var id: UInt64?
        public internal(set) var firstSentAt: UInt64?
        public internal(set) var acknowledgedAt: UInt64?
    }
}

/// The most recent re-injections and when each was first sent again and fully acknowledged, for the
/// failover log. Each resolves within moments; only a peer that keeps failing paths without
/// acknowledging could pile them up, so the oldest are dropped beyond `capacity`.
struct ReinjectionTracker {
    static let capacity = 64

    private(set) var recent: Deque<Sender.Reinjection> = []
    private var nextID: UInt64 = 0

    mutating func record(pathID: Int, _ orphans: RetransmitQueue.Orphans) -> Sender.Reinjection {
        guard orphans.packets > 0 else {
            return Sender.Reinjection(pathID: pathID, packets: 0, bytes: 0, highestSequence: 0)
        }
        let reinjection = Sender.Reinjection(
            pathID: pathID, packets: orphans.packets, bytes: orphans.bytes, highestSequence: orphans.highestSequence,
            id: nextID)
        nextID += 1
        if recent.count == Self.capacity { recent.removeFirst() }
        recent.append(reinjection)
        return reinjection
    }

    /// `sequence` is being sent again at `now`.
    mutating func sent(_ sequence: UInt64, at now: UInt64) {
        for index in recent.indices where recent[index].firstSentAt == nil && sequence <= recent[index].highestSequence
        {
            recent[index].firstSentAt = now
        }
    }

    /// Everything below `cumulative` has been acknowledged at `now`.
    mutating func acknowledged(below cumulative: UInt64, at now: UInt64) {
        for index in recent.indices
        where recent[index].acknowledgedAt == nil && cumulative > recent[index].highestSequence {
            recent[index].acknowledgedAt = now
        }
    }
}
