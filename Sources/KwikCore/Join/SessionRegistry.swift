import KwikSnapshot
import Logging
import NIOConcurrencyHelpers
import NIOCore

/// The server's sessions by id: creates one for a `create` HELLO, finds it for a `join`, refuses
/// what it must with a reason.
public final class SessionRegistry: Sendable {
    public let configuration: EngineConfiguration
    public let encryption: Encryption
    private let logger: Logger
    private let state = NIOLockedValueBox(State())

    private struct State {
        var sessions: [SessionID: Session] = [:]
        var refusals: [Goodbye.Reason: Int] = [:]
        var acceptsNewSessions = true
        /// Final snapshots of the sessions that ended, newest last, at most ``endedKept``.
        var ended: [(snapshot: SessionSnapshot, at: NIODeadline)] = []
    }
    /// Ended sessions kept for the server's view.
    static let endedKept = 32
    /// Every limit hit of the server: its sessions' (ended ones too) and those of connections that never
    /// joined a session.
    public let limits: LimitCounters
    /// The connections still shaking hands, capped in all and per source address.
    let handshakes: HandshakeGate

    public struct Refusal: Error, Sendable {
        public let reason: Goodbye.Reason
        public let message: String
    }

    /// - Parameter encryption: what the server's paths speak, reported by every session it creates.
    public init(configuration: EngineConfiguration, encryption: Encryption = .plaintext, logger: Logger) {
        self.encryption = encryption
        self.configuration = configuration
        self.logger = logger
        let limits = LimitCounters()
        self.limits = limits
        handshakes = HandshakeGate(
            maximumPending: configuration.maximumPendingHandshakes,
            maximumPerSource: configuration.maximumPendingPerSource, limits: limits)
    }

    public var activeSessions: [Session] { state.withLockedValue { Array($0.sessions.values) } }

    /// False: a new session is refused (`GOODBYE(shutdown)`); the running ones go on and may add paths.
    public var acceptsNewSessions: Bool {
        get { state.withLockedValue { $0.acceptsNewSessions } }
        set { state.withLockedValue { $0.acceptsNewSessions = newValue } }
    }

    /// The final snapshots of sessions that ended within `window`, newest first.
    public func endedSessions(within window: TimeAmount, now: NIODeadline = .now()) -> [SessionSnapshot] {
        state.withLockedValue { state in state.ended.filter { now - $0.at <= window }.reversed().map(\.snapshot) }
    }

    /// Ends the running session whose id reads `id`, telling its client why; false if there is none.
    @discardableResult
    public func end(sessionID id: String, reason: String) -> Bool {
        guard let session = activeSessions.first(where: { "\($0.id)" == id }) else { return false }
        logger.info("session \(id) ended by the operator: \(reason)")
        session.fail(reason)
        return true
    }
    /// Paths refused so far, all reasons together.
    public var refusedJoins: Int { state.withLockedValue { $0.refusals.values.reduce(0, +) } }

    /// Paths refused so far, by reason.
    public var refusalsByReason: [Goodbye.Reason: Int] { state.withLockedValue { $0.refusals } }

    /// Every reason a path can be refused for, with its count (0 included), named for metrics labels.
    public var refusalCounts: [String: Int] {
        let counts = refusalsByReason
        let reasons: [Goodbye.Reason] = [
            .versionMismatch, .unknownSession, .protocolError, .limitReached, .unauthorized, .shutdown,
        ]
        return Dictionary(uniqueKeysWithValues: reasons.map { ("\($0)".snakeCased, counts[$0] ?? 0) })
    }

    func admit(_ hello: Hello, eventLoop: any EventLoop) -> Result<Session, Refusal> {
        let result = decide(hello, eventLoop: eventLoop)
        if case .failure(let refusal) = result {
            state.withLockedValue { $0.refusals[refusal.reason, default: 0] += 1 }
        }
        return result
    }

    private func decide(_ hello: Hello, eventLoop: any EventLoop) -> Result<Session, Refusal> {
        let pathID = Int(hello.pathID)
        let highest = min(configuration.maximumPathID, Sender.highestPathID)
        guard pathID >= 1 && pathID <= highest else {
            return .failure(Refusal(reason: .protocolError, message: "path id \(pathID) is outside 1...\(highest)"))
        }
        switch hello.kind {
        case .create:
            guard acceptsNewSessions else {
                return .failure(Refusal(reason: .shutdown, message: "the server takes no new sessions"))
            }
            if let problem = problem(with: hello.parameters) {
                return .failure(Refusal(reason: .protocolError, message: problem))
            }
            let now = NIODeadline.now()
            let (result, evicted): (Result<Session, Refusal>, Session?) = state.withLockedValue { state in
                if state.sessions[hello.sessionID] != nil {
                    let message = "session \(hello.sessionID) already exists"
                    return (.failure(Refusal(reason: .protocolError, message: message)), nil)
                }
                var evicted: Session?
                if state.sessions.count >= configuration.maximumSessions {
                    evicted = stillest(in: state.sessions, at: now)
                    guard let evicted else {
                        limits.hit(.sessionsPerServer)
                        let message = "server already has \(configuration.maximumSessions) sessions"
                        return (.failure(Refusal(reason: .limitReached, message: message)), nil)
                    }
                    state.sessions[evicted.id] = nil
                }
                let session = makeSession(hello, eventLoop: eventLoop)
                state.sessions[hello.sessionID] = session
                return (.success(session), evicted)
            }
            if let evicted {
                limits.hit(.sessionEvicted)
                let still = evicted.stillFor(at: now).nanoseconds / 1_000_000
                evicted.fail("evicted: the server is full and this session made no progress for \(still) ms")
            }
            return result
        case .join:
            guard let session = state.withLockedValue({ $0.sessions[hello.sessionID] }) else {
                return .failure(Refusal(reason: .unknownSession, message: "unknown session \(hello.sessionID)"))
            }
            let path = "path \(pathID) of session \(hello.sessionID)"
            switch session.joins.verify(hello, session: session.id) {
            case .badProof:
                return .failure(Refusal(reason: .unauthorized, message: "\(path) did not prove the session secret"))
            case .replayed:
                return .failure(Refusal(reason: .unauthorized, message: "\(path) replayed a join"))
            case .admitted:
                break
            }
            guard session.paths.admit(pathID, standby: hello.standby, limit: configuration.maximumPaths) != nil else {
                session.limits.hit(.pathsPerSession)
                return .failure(
                    Refusal(reason: .limitReached, message: "session already has \(configuration.maximumPaths) paths"))
            }
            return .success(session)
        }
    }

    /// The session still the longest, if it has been still for at least a fifth of the progress
    /// timeout: a session that has just started, or that moves data, is never evicted.
    private func stillest(in sessions: [SessionID: Session], at now: NIODeadline) -> Session? {
        let threshold = TimeAmount.nanoseconds(configuration.progressTimeout.nanoseconds / 5)
        let candidates = sessions.values.map { ($0, $0.stillFor(at: now)) }.filter { $0.1 >= threshold }
        return candidates.max { $0.1 < $1.1 }?.0
    }

    private func problem(with parameters: SessionParameters) -> String? {
        let largest = min(configuration.maximumFrameLength - Frame.dataHeaderSize, configuration.packetSize)
        if parameters.packetSize == 0 || parameters.packetSize > largest {
            return "packet size \(parameters.packetSize) is outside this server's 1...\(largest)"
        }
        if parameters.receiveWindow == 0 {
            return "receive window is 0"
        }
        return nil
    }

    private func makeSession(_ hello: Hello, eventLoop: any EventLoop) -> Session {
        var sessionLogger = logger
        sessionLogger[metadataKey: "session"] = "\(hello.sessionID)"
        var sessionConfiguration = configuration
        sessionConfiguration.packetSize = Int(hello.parameters.packetSize)
        // The client picks the scheduler: in a download it is this end that sends.
        sessionConfiguration.scheduler = hello.parameters.scheduler
        let session = Session(
            id: hello.sessionID, role: .server, parameters: hello.parameters, configuration: sessionConfiguration,
            homeLoop: eventLoop, logger: sessionLogger, serverLimits: limits, encryption: encryption)
        let total = hello.parameters.totalBytes
        let size = total == 0 ? "unbounded" : "\(total) bytes"
        logger.info("session \(hello.sessionID) created: \(hello.parameters.direction) of \(size)")
        session.completion.whenComplete { [self] result in
            let final = session.snapshot()
            state.withLockedValue { state in
                _ = state.sessions.removeValue(forKey: hello.sessionID)
                state.ended.append((final, .now()))
                if state.ended.count > Self.endedKept { state.ended.removeFirst(state.ended.count - Self.endedKept) }
            }
            switch result {
            case .success: logger.info("session \(hello.sessionID) ended")
            case .failure(let error): logger.info("session \(hello.sessionID) ended: \(error)")
            }
        }
        return session
    }
}

extension String {
    /// `unknownSession` → `unknown_session`.
    fileprivate var snakeCased: String {
        reduce(into: "") { result, character in
            if character.isUppercase {
                result += "_" + character.lowercased()
            } else {
                result.append(character)
            }
        }
    }
}
