import KwikSnapshot
import NIOConcurrencyHelpers

/// Where an end counts its limit hits. A session's counters pass every hit on to its server's, so the
/// server's counts cover all its sessions, ended ones included, and the connections that never joined
/// one. Hits are rare (each refuses something), so a lock is cheap enough.
public final class LimitCounters: Sendable {
    private let hits = NIOLockedValueBox(LimitHits())
    private let server: LimitCounters?

    public init(server: LimitCounters? = nil) {
        self.server = server
    }

    func hit(_ limit: Limit) {
        hits.withLockedValue { $0[limit] += 1 }
        server?.hit(limit)
    }

    public var current: LimitHits { hits.withLockedValue { $0 } }
}
