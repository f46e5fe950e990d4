/// How many failover events one path had for one cause since the session started. Exact even after
/// old events have left the session's log, which keeps only the most recent ones.
public struct FailoverCount: Sendable, Equatable {
    public var path: Int
    public var cause: FailoverCause
    public var events: UInt64

    public init(path: Int, cause: FailoverCause, events: UInt64) {
        self.path = path
        self.cause = cause
        self.events = events
    }

    /// The counts of a complete list of events, ordered by path and cause.
    public static func tally(_ events: [FailoverEvent]) -> [FailoverCount] {
        var counts: [FailoverCount] = []
        for event in events {
            if let index = counts.firstIndex(where: { $0.path == event.path && $0.cause == event.cause }) {
                counts[index].events += 1
            } else {
                counts.append(FailoverCount(path: event.path, cause: event.cause, events: 1))
            }
        }
        return sorted(counts)
    }

    public static func sorted(_ counts: [FailoverCount]) -> [FailoverCount] {
        let causes = FailoverCause.allCases
        return counts.sorted {
            ($0.path, causes.firstIndex(of: $0.cause)!) < ($1.path, causes.firstIndex(of: $1.cause)!)
        }
    }
}
