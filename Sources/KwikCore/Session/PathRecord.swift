import KwikSnapshot
import NIOConcurrencyHelpers
import NIOCore

/// Everything a session keeps about one path id across its connections: its buffer pool, counters
/// and RTT, and a handle on the connection of the moment.
final class PathRecord: Sendable {
    let id: Int
    let pool: PathBufferPool
    let counters = PathCounters()
    private let mutable: NIOLockedValueBox<Mutable>

    private struct Mutable {
        var endpoint: String
        var rtt = RTTEstimator()
        var control: PathControl?
        var connection = 0
        var standby: Bool
        /// Black-holed from this end (`restore` ends it).
        var blackholed = false
        var binding: PathBinding?
        var reconnect: Reconnect?
    }

    /// A client's work to bring the path back: the attempt, when it starts (nil: under way), and why the
    /// last one failed.
    struct Reconnect {
        var attempt: Int
        var startsAt: NIODeadline?
        var lastError: String?
    }

    init(id: Int, endpoint: String, standby: Bool, configuration: EngineConfiguration) {
        self.id = id
        self.pool = PathBufferPool(
            bufferCapacity: configuration.packetSize,
            maximumFree: configuration.poolRetained(window: configuration.receiveWindow),
            maximumOutstanding: configuration.poolOutstandingLimit(packetSize: configuration.packetSize),
            prefill: configuration.poolPrefill)
        self.mutable = NIOLockedValueBox(Mutable(endpoint: endpoint, standby: standby))
    }

    var endpoint: String { mutable.withLockedValue { $0.endpoint } }
    var standby: Bool { mutable.withLockedValue { $0.standby } }
    var control: PathControl? { mutable.withLockedValue { $0.control } }
    var isBlackholed: Bool {
        get { mutable.withLockedValue { $0.blackholed } }
        set { mutable.withLockedValue { $0.blackholed = newValue } }
    }
    var rtt: RTTSummary? { mutable.withLockedValue { $0.rtt.summary } }
    var binding: PathBinding? { mutable.withLockedValue { $0.binding } }
    var reconnect: Reconnect? {
        get { mutable.withLockedValue { $0.reconnect } }
        set { mutable.withLockedValue { $0.reconnect = newValue } }
    }

    func reconnectStatus(at now: NIODeadline) -> ReconnectStatus? {
        reconnect.map { reconnect in
            ReconnectStatus(
                attempt: reconnect.attempt,
                nextIn: reconnect.startsAt.map { Double(max(0, ($0 - now).nanoseconds)) / 1e9 },
                lastError: reconnect.lastError)
        }
    }
    var rttEstimate: (smoothed: Double, variance: Double)? {
        mutable.withLockedValue { state in state.rtt.smoothed.map { ($0, state.rtt.variance) } }
    }

    /// A new connection took over this path id. Returns its number, so late events from an older
    /// connection can be told apart, and the control of the connection it replaces, if any.
    func connected(
        _ control: PathControl, endpoint: String, binding: PathBinding?
    ) -> (connection: Int, replaced: PathControl?) {
        mutable.withLockedValue { state in
            let replaced = state.control
            state.control = control
            state.endpoint = endpoint
            state.binding = binding
            state.reconnect = nil
            state.connection += 1
            return (state.connection, replaced)
        }
    }

    func isCurrent(_ connection: Int) -> Bool {
        mutable.withLockedValue { $0.connection == connection }
    }

    /// Forgets the connection if `connection` is still the current one.
    func disconnected(_ connection: Int) -> Bool {
        mutable.withLockedValue { state in
            guard state.connection == connection else { return false }
            state.control = nil
            return true
        }
    }

    /// Records a sample and returns the new smoothed RTT.
    func addRTTSample(microseconds: Double) -> Double {
        mutable.withLockedValue { state in
            state.rtt.add(microseconds: microseconds)
            return state.rtt.smoothed ?? microseconds
        }
    }
}
