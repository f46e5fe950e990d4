import KwikSnapshot
import NIOCore

/// Engine tunables shared by both ends.
public struct EngineConfiguration: Sendable {
    public var packetSize = 16 * 1024
    public var maximumFrameLength = 1 << 20
    /// The receive window first advertised, in packets; it grows while it limits delivery.
    public var receiveWindow = 256
    /// The session's receive memory budget: the window grows to at most this many bytes of packets.
    public var maximumWindowBytes = 64 << 20
    /// Most out-of-order payload bytes a session's reorder buffer holds; nil: the whole budget, which
    /// no correct peer can exceed. Set lower, it caps memory further, but then a correct peer that
    /// reorders by more than this many bytes loses the path too: lower `maximumWindowBytes` with it.
    public var maximumReorderBytes: Int?
    /// Most unacknowledged payload bytes a sending session keeps for re-sending: the peer's announced
    /// window is clamped to this many packets, so no peer can make this end hold more. Half the receive
    /// budget: a larger window lets a fast path beside a far one carry more, but the head of a window
    /// that waits on a black-holed path is re-sent only once the window is full, so a larger one
    /// stalls delivery longer while the hole is detected (docs/BENCHMARKS.md).
    public var maximumSendBuffer = 32 << 20
    public var inFlightLimit: UInt64 = 64
    /// Packets a path may hold before its sending model has a rate and an RTT (as TCP's initial
    /// window): enough to measure the path quickly without queueing long on a slow one.
    public var initialInFlight: UInt64 = 4
    public var scheduler: SchedulerKind = .ecf
    public var pingInterval: TimeAmount = .milliseconds(100)
    /// Fixed stale timeout; nil derives it from the path's RTT (at least `minimumStaleTimeout`).
    public var staleTimeout: TimeAmount?
    public var minimumStaleTimeout: TimeAmount = .milliseconds(300)
    public var statsInterval: TimeAmount = .milliseconds(250)
    public var maximumPaths = 16
    /// Highest path id accepted on the wire (never more than `Sender.highestPathID`).
    public var maximumPathID = 63
    public var handshakeTimeout: TimeAmount = .seconds(5)
    /// A path whose peer sends nothing, or reads nothing, this long is closed; a session that makes no
    /// progress this long ends. On a full server, a session without progress for a fifth of it may be
    /// evicted to make room.
    public var progressTimeout: TimeAmount = .seconds(10)
    /// A server's connections that have not completed their handshake (TLS included), at most. A new one
    /// is never refused for it: the oldest of them is closed instead, so a flood of silent connections
    /// cannot lock out a client whose HELLO follows at once.
    public var maximumPendingHandshakes = 256
    /// The same per source address: the oldest from that address is closed.
    public var maximumPendingPerSource = 64
    /// How long a server keeps a session whose paths are all gone, waiting for a reconnect.
    public var orphanTimeout: TimeAmount = .seconds(10)
    public var maximumSessions = 64
    /// How long sent data may go unacknowledged before the kernel fails the path's connection
    /// (TCP_USER_TIMEOUT): seconds rather than the ~15 minutes of its default retries. It also bounds
    /// keepalive: a dead idle peer is given up once this has passed with a probe unanswered. 0 keeps the
    /// kernel's default.
    public var userTimeout: TimeAmount = .seconds(10)
    /// Keepalive on every path socket, so that a peer gone while the connection is idle is noticed: idle
    /// time before the first probe, time between probes, and unanswered probes before the connection fails.
    public var keepaliveIdle: TimeAmount = .seconds(2)
    public var keepaliveInterval: TimeAmount = .seconds(1)
    public var keepaliveProbes = 3
    /// Send and write-buffer high water mark per path.
    public var writeBufferHighWater = 1 << 20

    /// How received packets reach the multiplexer (the design comparison of `kwiktop bench`).
    public var readerMode: ReaderMode = .perPath

    /// Egress impairment by path id (on a server: by listening port, path N on the Nth port).
    public var profiles: [Int: ImpairmentProfile] = [:]

    public init() {}

    /// Buffers each path's pool allocates when the path is created (0: it grows on demand; a full
    /// receive window means no allocation ever after).
    public var poolPrefill = 0

    /// The most the receive window grows to, in packets of `packetSize`; never more than 65536 beyond
    /// the initial window, since the reorder buffer keeps a slot for each.
    public func windowBudget(packetSize: Int) -> Int {
        max(receiveWindow, min(maximumWindowBytes / max(packetSize, 1), 1 << 16))
    }

    /// Free buffers a path's pool keeps while the window is `window` packets: enough for a full
    /// window plus a read's worth; none in `naive` mode, where every packet gets a fresh allocation.
    public func poolRetained(window: Int) -> Int { readerMode == .naive ? 0 : window + 64 }

    /// Buffers a path may hold at once. A path's packets waiting in the reorder buffer never exceed the
    /// window's budget; only packets queued for `global-pool` workers, which check it later, can.
    public func poolOutstandingLimit(packetSize: Int) -> Int { windowBudget(packetSize: packetSize) + 64 }

    /// The reorder-buffer byte limit of a session with this packet size.
    public func reorderByteLimit(packetSize: Int) -> Int {
        maximumReorderBytes ?? windowBudget(packetSize: packetSize) * packetSize
    }
}
