/// Which link a path's connection runs over: the local end as the kernel bound it, and the interface
/// that address belongs to.
public struct PathBinding: Sendable, Equatable {
    /// Local address and port, `[v6]:port` for IPv6.
    public var local: String
    /// The interface the socket was bound to, or the one holding its local address; nil if none does.
    public var interface: String?

    public init(local: String, interface: String? = nil) {
        self.local = local
        self.interface = interface
    }
}

/// Where a client stands in bringing a lost or stale path back: it tries forever, waiting longer
/// between attempts up to a cap.
public struct ReconnectStatus: Sendable, Equatable {
    /// The attempt under way or coming next, from 1; 0 while waiting for the path's interface.
    public var attempt: Int
    /// Seconds until that attempt starts; nil while it is under way.
    public var nextIn: Double?
    /// Why the previous attempt, or the path, failed.
    public var lastError: String?

    public init(attempt: Int, nextIn: Double? = nil, lastError: String? = nil) {
        self.attempt = attempt
        self.nextIn = nextIn
        self.lastError = lastError
    }

    /// `reconnecting (attempt 3, next in 2.0 s: connection refused)`, as the detail view shows it.
    public var summary: String {
        let reason = lastError.map { ": \($0)" } ?? ""
        guard attempt > 0 else { return "waiting\(lastError.map { " (\($0))" } ?? "")" }
        guard let nextIn else { return "reconnecting (attempt \(attempt) under way\(reason))" }
        return "reconnecting (attempt \(attempt), next in \(Self.seconds(nextIn))\(reason))"
    }

    /// `try 3 in 2.0 s: connection refused`, for a table cell beside the path's state.
    public var compact: String {
        guard attempt > 0 else { return lastError ?? "waiting" }
        let when = nextIn.map { " in \(Self.seconds($0))" } ?? " now"
        return "try \(attempt)\(when)" + (lastError.map { ": \($0)" } ?? "")
    }

    private static func seconds(_ value: Double) -> String {
        let tenths = Int((max(0, value) * 10).rounded())
        return "\(tenths / 10).\(tenths % 10) s"
    }
}
