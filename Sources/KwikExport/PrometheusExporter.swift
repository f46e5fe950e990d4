import KwikSnapshot
import Prometheus
import Synchronization

/// Publishes session snapshots as Prometheus metrics. Each scrape reads fresh snapshots, brings the
/// registry up to date (counters mirror the snapshots' cumulative values) and renders it in the text
/// exposition format.
public final class PrometheusExporter: Sendable {
    private let snapshots: @Sendable () -> [SessionSnapshot]
    private let refusedJoins: (@Sendable () -> [String: Int])?
    private let limitHits: (@Sendable () -> LimitHits)?
    private let mptcp: (@Sendable () -> MPTCPReport?)?
    private let registry = PrometheusCollectorRegistry()
    /// Update and render under one lock: two concurrent scrapes must not both add the same difference.
    private let state: Mutex<State>

    private struct State {
        var store: SeriesStore
        var failovers = FailoverSeries()
    }

    /// - Parameters:
    ///   - snapshots: the sessions to publish now; a session missing from it loses its series.
    ///   - refusedJoins: the server's refused path HELLOs by reason, when exporting a server.
    ///   - limitHits: the server's limit hits, its ended sessions' and unjoined connections' included.
    ///   - mptcp: the kernel's MPTCP connections, when exporting `kwiktop mptcp`.
    public init(
        snapshots: @escaping @Sendable () -> [SessionSnapshot], refusedJoins: (@Sendable () -> [String: Int])? = nil,
        limitHits: (@Sendable () -> LimitHits)? = nil, mptcp: (@Sendable () -> MPTCPReport?)? = nil
    ) {
        self.snapshots = snapshots
        self.refusedJoins = refusedJoins
        self.limitHits = limitHits
        self.mptcp = mptcp
        state = Mutex(State(store: SeriesStore(registry: registry)))
    }

    /// The text exposition of every series, up to date.
    public func scrape() -> [UInt8] {
        let sessions = snapshots()
        let refused = refusedJoins?()
        let hits = limitHits?()
        let connections = mptcp?()
        return state.withLock { state in
            for snapshot in sessions {
                state.store.write(snapshot)
                state.failovers.write(snapshot, into: &state.store)
            }
            state.failovers.finish(keeping: Set(sessions.map(FailoverSeries.SessionKey.init)), in: &state.store)
            if let refused {
                state.store.set(Families.serverSessions, [], Double(sessions.count))
                for (reason, count) in refused {
                    state.store.count(Families.serverRefusedJoins, [("reason", reason)], total: UInt64(count))
                }
            }
            if let hits {
                for limit in Limit.allCases {
                    state.store.count(Families.serverLimitHits, [("limit", limit.rawValue)], total: hits[limit])
                }
            }
            if let connections { state.store.write(connections) }
            state.store.sweep()
            var buffer: [UInt8] = []
            registry.emit(into: &buffer)
            return buffer
        }
    }
}
