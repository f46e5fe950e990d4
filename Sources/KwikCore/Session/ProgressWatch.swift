import NIOCore

/// When a session last moved data: bytes delivered to it, or packets of its acknowledged by the
/// peer. A session still for the progress timeout while it has work left ends; a full server evicts
/// the one that has been still longest.
struct ProgressWatch: Sendable {
    private var delivered: UInt64 = 0
    private var acknowledged: UInt64 = 0
    private(set) var lastProgress: NIODeadline

    init(now: NIODeadline) {
        lastProgress = now
    }

    /// Takes the session's counts now; returns how long it has been still.
    mutating func observe(delivered: UInt64, acknowledged: UInt64, at now: NIODeadline) -> TimeAmount {
        if delivered > self.delivered || acknowledged > self.acknowledged {
            self.delivered = max(self.delivered, delivered)
            self.acknowledged = max(self.acknowledged, acknowledged)
            lastProgress = now
        }
        return stillFor(at: now)
    }

    func stillFor(at now: NIODeadline) -> TimeAmount {
        now < lastProgress ? .zero : now - lastProgress
    }
}
