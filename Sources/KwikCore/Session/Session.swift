import KwikSnapshot
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// One end of a multipath session: one ordered, reliable byte stream in each direction the workload
/// uses, carried over every path. Paths call in from their own event loops; front ends read
/// snapshots and send actions from any thread.
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
    private let homeLoop: any EventLoop
    let startNanos = NIODeadline.now().uptimeNanoseconds
    let records = NIOLockedValueBox<[Int: PathRecord]>([:])
    let status: NIOLockedValueBox<Status>
    private let finished: EventLoopPromise<Void>
    private let onPathLost: (@Sendable (Int) -> Void)?
    /// The shared worker pool of the `global-pool` reader mode, owned by the session and shut down with it.
    let workers: NIOThreadPool?
    /// Made by the server when the session is created; the client learns it from the first HELLO_ACK.
    private let joinSecret: NIOLockedValueBox<[UInt8]>

    struct Status {
        var state: SessionSnapshot.SessionState = .connecting
        var failureReason: String?
        var peerStats: PeerSummary?
        var failovers = FailoverLog()
        var timers: [RepeatedTask] = []
        /// Paths black-holed from this end (`restore` ends it).
        var blackholed: Set<Int> = []
        /// Nonces of the joins admitted so far: a join is good once.
        var joinNonces: Set<[UInt8]> = []
    }

    /// Whether this end sends the workload stream.
    public var sends: Bool { Self.sends(role: role, direction: parameters.direction) }
    /// Whether this end receives (and verifies) the workload stream.
    public var receives: Bool { Self.sends(role: role == .client ? .server : .client, direction: parameters.direction) }

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
        homeLoop: any EventLoop, logger: Logger, onPathLost: (@Sendable (Int) -> Void)? = nil, serverLimits: LimitCounters? = nil,
        encryption: Encryption = .plaintext
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
        self.joinSecret = NIOLockedValueBox(role == .server ? JoinProof.secret() : JoinProof.zeroProof)
        if configuration.readerMode == .globalPool {
            let workers = NIOThreadPool(numberOfThreads: max(4, System.coreCount))
            workers.start()
            self.workers = workers
        } else {
            self.workers = nil
        }
        let total = parameters.totalBytes == 0 ? nil : parameters.totalBytes
        let receivedPattern = StreamPattern(seed: Self.seed(parameters.seed, sentBy: role == .client ? .server : .client))
        self.verifier = PatternVerifier(pattern: receivedPattern, packetSize: Int(parameters.packetSize), expectedTotal: total)
        self.multiplexer = Multiplexer(
            window: configuration.receiveWindow, maximumPathID: configuration.maximumPathID, sink: verifier,
            maximumBufferedBytes: configuration.reorderByteLimit(packetSize: Int(parameters.packetSize)))
        let sends = Self.sends(role: role, direction: parameters.direction)
        let source = sends
            ? PatternSource(pattern: StreamPattern(seed: Self.seed(parameters.seed, sentBy: role)), packetSize: Int(parameters.packetSize), totalBytes: total)
            : nil
        self.sender = Sender(
            source: source, window: UInt64(parameters.receiveWindow), scheduler: configuration.scheduler,
            inFlightLimit: configuration.inFlightLimit)
        self.status = NIOLockedValueBox(Status())
        self.finished = homeLoop.makePromise()
        startTimers()
    }

    /// Each direction has its own stream, so a mix-up between them shows as corruption.
    static func seed(_ seed: UInt64, sentBy role: SessionSnapshot.Role) -> UInt64 {
        role == .server ? seed : seed ^ 0xA5A5_5A5A_C3C3_3C3C
    }

    /// Time since the session was created (the clock of snapshots and failover events).
    public var uptime: TimeAmount { .nanoseconds(Int64(NIODeadline.now().uptimeNanoseconds - startNanos)) }

    /// The loop running the session's timers, for front ends to schedule scripted actions on.
    public var homeLoopForScripts: any EventLoop { homeLoop }

    /// Succeeds when the session completed, fails with the reason otherwise.
    public var completion: EventLoopFuture<Void> { finished.futureResult }

    func seconds(_ uptimeNanos: UInt64) -> Double {
        Double(Int64(bitPattern: uptimeNanos &- startNanos)) / 1e9
    }

    var now: Double { seconds(NIODeadline.now().uptimeNanoseconds) }

    // MARK: Paths

    func pathRecord(_ pathID: Int, endpoint: String = "?", standby: Bool = false) -> PathRecord {
        records.withLockedValue { records in
            if let record = records[pathID] { return record }
            let record = PathRecord(id: pathID, endpoint: endpoint, standby: standby, configuration: configuration)
            records[pathID] = record
            return record
        }
    }

    /// Makes a path known before it connects.
    public func declarePath(_ pathID: Int, endpoint: String, standby: Bool) {
        _ = pathRecord(pathID, endpoint: endpoint, standby: standby)
        sender.declare(pathID: pathID, state: .connecting)
    }

    public func markReconnecting(_ pathID: Int) {
        sender.declare(pathID: pathID, state: .reconnecting)
    }

    func markFailed(_ pathID: Int) {
        sender.declare(pathID: pathID, state: .failed)
    }

    var snapshotState: SessionSnapshot.SessionState { status.withLockedValue { $0.state } }

    public var pathCount: Int { records.withLockedValue { $0.count } }

    func hasPath(_ pathID: Int) -> Bool { records.withLockedValue { $0[pathID] != nil } }

    public var connectedPathCount: Int {
        records.withLockedValue { $0.values.filter { $0.control != nil }.count }
    }

    func pathJoined(_ record: PathRecord, link: PathLink, writable: Bool) {
        status.withLockedValue { if $0.state == .connecting { $0.state = .running } }
        sender.register(pathID: record.id, link: link, standby: record.standby)
        if !writable { sender.setWritable(false, forPath: record.id) }
        logger.info("path \(record.id) joined from \(record.endpoint)", metadata: ["session": "\(id)"])
    }

    func pathDisconnected(_ record: PathRecord, connection: Int, cause: FailoverCause) {
        guard record.disconnected(connection) else { return }
        sender.detach(pathID: record.id)
        // Once the session is over, closing paths is the normal end, not a failure.
        guard !isFinished else { return }
        if let reinjection = sender.setState(.failed, forPath: record.id) {
            failover(path: record.id, cause: cause, reinjection: reinjection)
        }
        logger.info("path \(record.id) lost (\(cause.rawValue))", metadata: ["session": "\(id)"])
        onPathLost?(record.id)
        if role == .server && connectedPathCount == 0 {
            let grace = configuration.orphanTimeout
            logger.info("session \(id) has no path left; waiting \(grace.nanoseconds / 1_000_000_000) s for one to rejoin")
            homeLoop.scheduleTask(in: grace) { [self] in
                if connectedPathCount == 0 { fail("every path was lost and none rejoined") }
            }
        }
    }

    func pathWentStale(_ pathID: Int, silentFor silence: TimeAmount) {
        guard let state = sender.pathState(pathID), state.carriesData else { return }
        logger.info("path \(pathID) is stale: nothing heard for \(silence.nanoseconds / 1_000_000) ms")
        if let reinjection = sender.setState(.stale, forPath: pathID) {
            failover(path: pathID, cause: .stale, reinjection: reinjection)
        }
    }

    func pathHeardAgain(_ pathID: Int) {
        guard sender.pathState(pathID) == .stale else { return }
        logger.info("path \(pathID) answers again")
        let time = now
        status.withLockedValue { $0.failovers.pathRecovered(path: pathID, at: time) }
        sender.setState(pathRecord(pathID).standby ? .standby : .active, forPath: pathID)
    }

    /// Records a failover and tells the peer what this end re-injected.
    func failover(path: Int, cause: FailoverCause, reinjection: Sender.Reinjection?) {
        let time = now
        let peerSends = Self.sends(role: role == .client ? .server : .client, direction: parameters.direction)
        status.withLockedValue { status in
            status.failovers.detected(
                path: path, cause: cause, at: time,
                reinjection: reinjection.flatMap { r in r.id.map { ($0, r.packets, r.bytes) } }, expectPeerNotice: peerSends)
        }
        let notice = FailoverNotice(
            pathID: UInt16(path), cause: Self.causeCode(cause), packets: reinjection?.packets ?? 0,
            bytes: reinjection?.bytes ?? 0, highestSequence: reinjection?.highestSequence ?? 0)
        // On every other path: when several fail together, one of them still gets through.
        sendToPeer(.failover(notice), avoiding: path, everywhere: true)
        refreshFailovers()
    }

    static func causeCode(_ cause: FailoverCause) -> UInt8 {
        switch cause {
        case .disabled: 0
        case .killed: 1
        case .stale: 2
        case .closedByPeer: 3
        }
    }

    static func cause(code: UInt8) -> FailoverCause {
        switch code {
        case 0: .disabled
        case 1: .killed
        case 2: .stale
        default: .closedByPeer
        }
    }

    /// Sends a control frame on a connected path other than `avoiding`, preferring one that carries
    /// data (or on all of them).
    private func sendToPeer(_ frame: Frame, avoiding: Int? = nil, everywhere: Bool = false) {
        let candidates = records.withLockedValue { $0.values.sorted { $0.id < $1.id } }
        let usable = candidates.filter { $0.id != avoiding && $0.control != nil && !isBlackholed($0.id) }
        if everywhere {
            usable.forEach { $0.control?.send(frame) }
        } else {
            let best = usable.first { sender.pathState($0.id)?.carriesData == true } ?? usable.first
            best?.control?.send(frame)
        }
    }

    private func isBlackholed(_ pathID: Int) -> Bool {
        status.withLockedValue { $0.blackholed.contains(pathID) }
    }

    // MARK: Joins

    var secret: [UInt8] { joinSecret.withLockedValue { $0 } }

    func learnSecret(_ secret: [UInt8]) {
        joinSecret.withLockedValue { $0 = secret }
    }

    /// A `join` HELLO for this session, with a fresh proof of the secret.
    func joinHello(pathID: Int, standby: Bool) -> Hello {
        let nonce = JoinProof.nonce()
        return Hello(
            kind: .join, sessionID: id, pathID: UInt16(pathID), standby: standby, parameters: parameters, nonce: nonce,
            proof: JoinProof.proof(secret: secret, session: id, path: UInt16(pathID), nonce: nonce))
    }

    /// Whether a join proves the secret with a nonce never seen before; a good one uses its nonce up.
    func acceptJoin(_ hello: Hello) -> Bool? {
        guard JoinProof.isValid(hello.proof, secret: secret, session: id, path: hello.pathID, nonce: hello.nonce) else {
            return false
        }
        return status.withLockedValue { $0.joinNonces.insert(hello.nonce).inserted } ? true : nil
    }

    // MARK: From the peer

    func setPeerWindow(_ window: UInt64) {
        sender.setWindow(window)
    }

    func rttSample(_ microseconds: Double, pathID: Int) {
        let smoothed = pathRecord(pathID).addRTTSample(microseconds: microseconds)
        sender.setSmoothedRTT(smoothed, forPath: pathID)
    }

    func peerChangedStatus(_ status: PathStatus, onPath carrier: Int) {
        let pathID = Int(status.pathID)
        guard records.withLockedValue({ $0[pathID] }) != nil else { return }
        switch status.status {
        case .disabled:
            logger.info("peer disabled path \(pathID)")
            if let reinjection = sender.setState(.disabled, forPath: pathID) {
                failover(path: pathID, cause: .disabled, reinjection: reinjection)
            }
        case .active, .standby:
            guard let state = sender.pathState(pathID), state == .disabled else { return }
            logger.info("peer enabled path \(pathID)")
            sender.setState(status.status == .standby ? .standby : .active, forPath: pathID)
        }
    }

    func peerReinjected(_ notice: FailoverNotice) {
        guard !isFinished else { return }
        let time = now
        status.withLockedValue { status in
            status.failovers.peerReinjected(
                path: Int(notice.pathID), cause: Self.cause(code: notice.cause), packets: notice.packets,
                bytes: notice.bytes, highestSequence: notice.highestSequence, at: time)
        }
        refreshFailovers()
    }

    func peerReported(_ stats: PeerSummary) {
        status.withLockedValue { $0.peerStats = stats }
        checkCompletion()
    }

    func peerSaidGoodbye(_ goodbye: Goodbye) {
        if goodbye.reason == .done {
            finish(sayGoodbye: false)
        } else {
            fail("peer ended the session: \(goodbye.message)")
        }
    }

    /// After each read: resolve failovers and check whether the transfer is done.
    func afterReceive() {
        refreshFailovers()
        checkCompletion()
    }

    func refreshFailovers() {
        guard status.withLockedValue({ $0.failovers.hasOpenEvents }) else { return }
        let reinjections = sender.summary().reinjections
        let delivered = multiplexer.nextExpected
        let time = now
        status.withLockedValue { status in
            status.failovers.update(at: time, delivered: delivered) { id in
                guard let reinjection = reinjections.first(where: { $0.id == id }) else { return nil }
                return (reinjection.firstSentAt.map(seconds), reinjection.acknowledgedAt.map(seconds))
            }
        }
    }

    // MARK: Lifecycle

    private var isFinished: Bool {
        status.withLockedValue { $0.state == .completed || $0.state == .failed }
    }

    /// The client ends the run once every byte asked for has gone through both ways.
    private func checkCompletion() {
        guard role == .client, parameters.totalBytes > 0, !isFinished else { return }
        let total = parameters.totalBytes
        let received = !receives || verifier.current.delivered >= total
        let peerDelivered = status.withLockedValue { $0.peerStats?.deliveredBytes ?? 0 }
        let sent = !sends || (sender.isComplete && peerDelivered >= total)
        if received && sent { finish(sayGoodbye: true) }
    }

    /// Ends the session successfully, closing every path.
    public func finish(sayGoodbye: Bool = true) {
        let wasRunning = status.withLockedValue { status -> Bool in
            guard status.state != .completed && status.state != .failed else { return false }
            status.state = .completed
            status.timers.forEach { $0.cancel() }
            return true
        }
        guard wasRunning else { return }
        sendStats()
        closeAllPaths(goodbye: sayGoodbye ? Goodbye(reason: .done, message: "transfer complete") : nil)
        stopWorkers()
        finished.succeed()
    }

    /// Ends the session with a reason.
    public func fail(_ reason: String) {
        let wasRunning = status.withLockedValue { status -> Bool in
            guard status.state != .completed && status.state != .failed else { return false }
            status.state = .failed
            status.failureReason = reason
            status.timers.forEach { $0.cancel() }
            return true
        }
        guard wasRunning else { return }
        logger.warning("session \(id) failed: \(reason)")
        closeAllPaths(goodbye: Goodbye(reason: .shutdown, message: reason))
        stopWorkers()
        finished.fail(EngineError.transferFailed(reason))
    }

    /// Packets still queued are pushed as the pool drains; later ones run on the reader's own loop.
    private func stopWorkers() {
        workers?.shutdownGracefully { _ in }
    }

    private func closeAllPaths(goodbye: Goodbye?) {
        for record in records.withLockedValue({ Array($0.values) }) {
            record.control?.run { $0.close(goodbye: goodbye) }
        }
    }

    /// Ends a time-bounded run: stops producing data, waits (up to `drainTimeout`) until what was
    /// sent has been acknowledged, then finishes.
    public func endRun(drainTimeout: TimeAmount = .seconds(3)) {
        sender.stopSource()
        let deadline = NIODeadline.now() + drainTimeout
        @Sendable func check() {
            if sender.isComplete || NIODeadline.now() >= deadline || isFinished {
                finish()
            } else {
                homeLoop.scheduleTask(in: .milliseconds(5)) { check() }
            }
        }
        homeLoop.execute { check() }
    }

    private func startTimers() {
        let stats = homeLoop.scheduleRepeatedTask(initialDelay: configuration.statsInterval, delay: configuration.statsInterval) { [self] _ in
            sendStats()
            checkCompletion()
        }
        status.withLockedValue { $0.timers = [stats] }
    }

    private func sendStats() {
        let counts = verifier.current
        let mux = multiplexer.summary()
        let stats = PeerSummary(
            deliveredBytes: counts.delivered, verifiedBytes: counts.verified, corruptBytes: counts.corrupt,
            deliveryOrderViolations: mux.deliveryOrderViolations, duplicatesDropped: mux.duplicates,
            orderingViolations: mux.perPath.reduce(0) { $0 + $1.orderingViolations })
        sendToPeer(.stats(stats))
    }
}
