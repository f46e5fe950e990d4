/// What `kwiktop mptcp` shows (and `--headless` prints) at each interval: the host's MPTCP connections, each with
/// its subflows. Rates are bit/s over the interval since the previous report (absent on the first
/// sighting of a subflow), RTTs microseconds, ages milliseconds. `events` are the path manager's events
/// that arrived since the previous report; `eventsLost` counts those lost since the watch started (read
/// too late for the kernel's buffer, or undecodable).
public struct MPTCPReport: Encodable, Equatable, Sendable {
    public var final: Bool
    /// Seconds since the watch started.
    public var time: Double
    public var connections: [Connection]
    public var events: [Event]
    public var eventsLost = 0
    /// The path manager's endpoints and limits; nil when they could not be read.
    public var endpoints: [Endpoint]?
    public var limits: Limits?

    public init(final: Bool = false, time: Double, connections: [Connection], events: [Event] = []) {
        self.final = final
        self.time = time
        self.connections = connections
        self.events = events
    }

    public struct Connection: Encodable, Equatable, Sendable {
        public var local: String
        public var remote: String
        /// The local token, as `ss -M` prints it (hex); absent before the handshake completes.
        public var token: String?
        public var state: String
        public var fallback: Bool
        public var pid: Int32?
        public var command: String?
        public var subflowCount: Int
        public var rxBps: Double?
        public var txBps: Double?
        /// From mptcp_info; nil when the kernel sent none.
        public var mptcp: Counters?
        public var subflows: [Subflow]

        public init(
            local: String, remote: String, token: String? = nil, state: String = "ESTAB", fallback: Bool = false,
            pid: Int32? = nil, command: String? = nil, rxBps: Double? = nil, txBps: Double? = nil,
            subflows: [Subflow] = []
        ) {
            self.local = local
            self.remote = remote
            self.token = token
            self.state = state
            self.fallback = fallback
            self.pid = pid
            self.command = command
            self.subflowCount = subflows.count
            self.rxBps = rxBps
            self.txBps = txBps
            self.subflows = subflows
        }
    }

    public struct Subflow: Encodable, Equatable, Sendable {
        public var local: String
        public var remote: String
        public var interface: String?
        public var localId: UInt8?
        public var remoteId: UInt8?
        public var backup: Bool
        public var join: Bool
        public var fullyEstablished: Bool
        public var state: String
        public var rxBytes: UInt64?
        public var txBytes: UInt64?
        public var rxBps: Double?
        public var txBps: Double?
        public var srttUs: UInt32?
        public var rttvarUs: UInt32?
        public var minRttUs: UInt32?
        public var cwnd: UInt32?
        public var pacingRateBps: Double?
        public var retransmits: UInt32?
        public var lost: UInt32?
        public var reordering: UInt32?
        public var lastDataReceivedMs: UInt32?
        public var lastAckMs: UInt32?

        /// What a subflow's socket says of itself; its TCP figures are set field by field.
        public init(
            local: String, remote: String, interface: String? = nil, localId: UInt8? = nil, remoteId: UInt8? = nil,
            backup: Bool = false, join: Bool = false, fullyEstablished: Bool = false, state: String = "ESTAB"
        ) {
            self.local = local
            self.remote = remote
            self.interface = interface
            self.localId = localId
            self.remoteId = remoteId
            self.backup = backup
            self.join = join
            self.fullyEstablished = fullyEstablished
            self.state = state
        }
    }
}
