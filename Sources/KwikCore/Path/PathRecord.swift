import KwikMetrics
import NIOCore
import Synchronization

/// Everything a session keeps about one path id across its connections: its buffer pool, counters
/// and RTT, and a handle on the connection of the moment.
final class PathRecord: Sendable {
    let id: Int
    let pool: PathBufferPool
    let counters = PathCounters()
    private let mutable: Mutex<Mutable>

    private struct Mutable {
        var endpoint: String
        var rtt = RTTEstimator()
        var control: PathControl?
        var connection = 0
        var standby: Bool
    }

    init(id: Int, endpoint: String, standby: Bool, configuration: EngineConfiguration) {
        self.id = id
        self.pool = PathBufferPool(bufferCapacity: configuration.packetSize, maximumFree: configuration.poolRetained)
        self.mutable = Mutex(Mutable(endpoint: endpoint, standby: standby))
    }

    var endpoint: String { mutable.withLock { $0.endpoint } }
    var standby: Bool { mutable.withLock { $0.standby } }
    var control: PathControl? { mutable.withLock { $0.control } }
    var rtt: RTTSummary? { mutable.withLock { $0.rtt.summary } }
    var rttEstimate: (smoothed: Double, variance: Double)? {
        mutable.withLock { state in state.rtt.smoothed.map { ($0, state.rtt.variance) } }
    }

    /// A new connection took over this path id; returns its number, so late events from an older
    /// connection can be told apart.
    func connected(_ control: PathControl, endpoint: String) -> Int {
        mutable.withLock { state in
            state.control = control
            state.endpoint = endpoint
            state.connection += 1
            return state.connection
        }
    }

    /// Forgets the connection if `connection` is still the current one.
    func disconnected(_ connection: Int) -> Bool {
        mutable.withLock { state in
            guard state.connection == connection else { return false }
            state.control = nil
            return true
        }
    }

    /// Records a sample and returns the new smoothed RTT.
    func addRTTSample(microseconds: Double) -> Double {
        mutable.withLock { state in
            state.rtt.add(microseconds: microseconds)
            return state.rtt.smoothed ?? microseconds
        }
    }
}
