import KwikSnapshot
import Logging
import NIOCore
import NIOPosix

/// One end of a multipath session: one ordered, reliable byte stream in each direction the workload
/// uses, carried over every path. A coordinator over focused parts (the path table, the receive side,
/// the sender, failovers, joins, the lifecycle); paths call in from their own event loops, front ends
/// read snapshots and send actions from any thread.
public final class Session: Sendable {
    public let id: SessionID
    public let role: SessionSnapshot.Role
    public let encryption: Encryption
    public let parameters: SessionParameters
    public let configuration: EngineConfiguration
    public let multiplexer: Multiplexer
    public let verifier: PatternVerifier
    public let sender: Sender
    /// What this session refused because its peer went beyond a limit.
    public let limits: LimitCounters
    let logger: Logger
    let homeLoop: any EventLoop
    let clock = SessionClock()
    let paths: PathTable
    let failovers = FailoverTracker()
    let joins: JoinAuthority
    let lifecycle = SessionLifecycle()
    let finished: EventLoopPromise<Void>
    let onPathLost: (@Sendable (Int) -> Void)?
    /// How readers hand packets to the multiplexer; the `global-pool` workers belong to the session.
    let handOff: PacketHandOff

    /// Whether this end sends the workload stream.
    public var sends: Bool { Self.sends(role: role, direction: parameters.direction) }
    /// Whether this end receives (and verifies) the workload stream.
    public var receives: Bool {
        Self.sends(role: role == .client ? .server : .client, direction: parameters.direction)
    }

    static func sends(role: SessionSnapshot.Role, direction: SessionParameters.Direction) -> Bool {
        switch direction {
        case .download: role == .server
        case .upload: role == .client
        case .both: true
        }
    }

    /// - Parameters:
    ///   - onPathLost: called when a path's connection is gone (the client reconnects).
    ///   - serverLimits: the server's limit counters, which count this session's hits too.
    public init(
        id: SessionID, role: SessionSnapshot.Role, parameters: SessionParameters, configuration: EngineConfiguration,
        homeLoop: any EventLoop, logger: Logger, onPathLost: (@Sendable (Int) -> Void)? = nil,
        serverLimits: LimitCounters? = nil, encryption: Encryption = .plaintext
    ) {
        self.encryption = encryption
        self.id = id
        self.role = role
        self.parameters = parameters
        self.configuration = configuration
        self.homeLoop = homeLoop
        self.logger = logger
        self.onPathLost = onPathLost
        self.limits = LimitCounters(server: serverLimits)
        self.paths = PathTable(configuration: configuration)
        self.joins = JoinAuthority(makesSecret: role == .server)
        if configuration.readerMode == .globalPool {
            let workers = NIOThreadPool(numberOfThreads: max(4, System.coreCount))
            workers.start()
            self.handOff = .workerPool(workers)
        } else {
            self.handOff = .direct
        }
        let total = parameters.totalBytes == 0 ? nil : parameters.totalBytes
        let packetSize = Int(parameters.packetSize)
        let peer: SessionSnapshot.Role = role == .client ? .server : .client
        self.verifier = PatternVerifier(
            pattern: StreamPattern(seed: Self.seed(parameters.seed, sentBy: peer)), packetSize: packetSize)
        self.multiplexer = Multiplexer(
            window: configuration.receiveWindow, maximumPathID: configuration.maximumPathID, sink: verifier,
            maximumBufferedBytes: configuration.reorderByteLimit(packetSize: packetSize),
            windowBudget: configuration.windowBudget(packetSize: packetSize))
        let source =
            Self.sends(role: role, direction: parameters.direction)
            ? PatternSource(
                pattern: StreamPattern(seed: Self.seed(parameters.seed, sentBy: role)), packetSize: packetSize,
                totalBytes: total, rate: parameters.rate == 0 ? nil : parameters.rate)
            : nil
        self.sender = Sender(
            source: source, window: UInt64(parameters.receiveWindow),
            maximumWindow: UInt64(max(1, configuration.maximumSendBuffer / max(1, packetSize))),
            scheduler: configuration.scheduler, inFlightLimit: configuration.inFlightLimit,
            initialInFlight: configuration.initialInFlight)
        self.finished = homeLoop.makePromise()
        startTimers()
    }

    /// Each direction has its own stream, so a mix-up between them shows as corruption.
    static func seed(_ seed: UInt64, sentBy role: SessionSnapshot.Role) -> UInt64 {
        role == .server ? seed : seed ^ 0xA5A5_5A5A_C3C3_3C3C
    }

    /// Time since the session was created (the clock of snapshots and failover events).
    public var uptime: TimeAmount { clock.uptime }

    /// The loop running the session's timers, for front ends to schedule scripted actions on.
    public var homeLoopForScripts: any EventLoop { homeLoop }

    /// Succeeds when the session completed, fails with the reason otherwise.
    public var completion: EventLoopFuture<Void> { finished.futureResult }

    public var pathCount: Int { paths.count }

    public var connectedPathCount: Int { paths.connectedCount }

    var isFinished: Bool { lifecycle.isFinished }
}
