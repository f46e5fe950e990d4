import KwikSnapshot
import Prometheus

/// Failover counts per path and cause, and resume times in one histogram per role and cause.
///
/// Every series here exists at 0 before its first event: a series that appears already at 1 hides
/// that first event from `rate()` and `increase()`. The histogram is process-wide rather than per
/// session, so observations outlive the session they came from and a fleet-wide p99 needs no join.
struct FailoverSeries {
    static let causes = FailoverCause.allCases

    /// Events already observed in the histogram, per session, while the session's log still has them.
    /// An event is known by its path and detection time, which never change; the log appends and drops
    /// its oldest, so an event gone from it never comes back.
    private var observed: [SessionKey: Set<EventKey>] = [:]
    private var roles: Set<SessionSnapshot.Role> = []

    struct SessionKey: Hashable {
        let session: String
        let role: SessionSnapshot.Role

        init(_ snapshot: SessionSnapshot) {
            session = snapshot.sessionID
            role = snapshot.role
        }
    }

    private struct EventKey: Hashable {
        let path: Int
        let detectedAt: Double
    }

    private struct PathCause: Hashable {
        let path: Int
        let cause: FailoverCause
    }

    mutating func write(_ snapshot: SessionSnapshot, into store: inout SeriesStore) {
        let session = SeriesStore.labels(snapshot)
        var counts: [PathCause: UInt64] = [:]
        for path in snapshot.paths {
            for cause in Self.causes { counts[PathCause(path: path.id, cause: cause)] = 0 }
        }
        for count in snapshot.failoverCounts {
            counts[PathCause(path: count.path, cause: count.cause)] = count.events
        }
        for (key, total) in counts {
            store.count(
                Families.failovers, session + [("path", String(key.path)), ("cause", key.cause.rawValue)], total: total)
        }

        roles.insert(snapshot.role)
        let logged = Set(snapshot.failovers.map { EventKey(path: $0.path, detectedAt: $0.detectedAt) })
        var seen = (observed[SessionKey(snapshot)] ?? []).intersection(logged)
        // An event can reopen when the peer's notice arrives late; its first resolution is the one recorded.
        for event in snapshot.failovers {
            guard let resumedAt = event.resumedAt,
                seen.insert(EventKey(path: event.path, detectedAt: event.detectedAt)).inserted
            else { continue }
            Self.histogram(snapshot.role, event.cause, &store).record(resumedAt - event.detectedAt)
        }
        observed[SessionKey(snapshot)] = seen
    }

    /// Keeps every role's histograms, and forgets the sessions that are gone (their series go in the
    /// store's sweep).
    mutating func finish(keeping sessions: Set<SessionKey>, in store: inout SeriesStore) {
        for role in roles {
            for cause in Self.causes { _ = Self.histogram(role, cause, &store) }
        }
        observed = observed.filter { sessions.contains($0.key) }
    }

    private static func histogram(
        _ role: SessionSnapshot.Role, _ cause: FailoverCause, _ store: inout SeriesStore
    ) -> ValueHistogram {
        store.histogram(
            Families.failoverResume, [("role", role.rawValue), ("cause", cause.rawValue)],
            buckets: Families.resumeBuckets)
    }
}
