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
    private let sessions = NIOLockedValueBox<[SessionID: Session]>([:])
    private let refusals = NIOLockedValueBox<[Goodbye.Reason: Int]>([:])
    /// Every limit hit of the server: its sessions' (ended ones too) and those of connections that never
    /// joined a session.
    public let limits = LimitCounters()

    public struct Refusal: Error, Sendable {
        public let reason: Goodbye.Reason
        public let message: String
    }

    /// - Parameter encryption: what the server's paths speak, reported by every session it creates.
    public init(configuration: EngineConfiguration, encryption: Encryption = .plaintext, logger: Logger) {
        self.encryption = encryption
        self.configuration = configuration
        self.logger = logger
    }

    public var activeSessions: [Session] { sessions.withLockedValue { Array($0.values) } }
    /// Paths refused so far, all reasons together.
    public var refusedJoins: Int { refusals.withLockedValue { $0.values.reduce(0, +) } }

    /// Paths refused so far, by reason.
    public var refusalsByReason: [Goodbye.Reason: Int] { refusals.withLockedValue { $0 } }

    /// Every reason a path can be refused for, with its count (0 included), named for metrics labels.
    public var refusalCounts: [String: Int] {
        let counts = refusalsByReason
        let reasons: [Goodbye.Reason] = [.versionMismatch, .unknownSession, .protocolError, .limitReached, .unauthorized]
        return Dictionary(uniqueKeysWithValues: reasons.map { ("\($0)".snakeCased, counts[$0] ?? 0) })
    }

    func admit(_ hello: Hello, eventLoop: any EventLoop) -> Result<Session, Refusal> {
        let result = decide(hello, eventLoop: eventLoop)
        if case .failure(let refusal) = result { refusals.withLockedValue { $0[refusal.reason, default: 0] += 1 } }
        return result
    }

    private func decide(_ hello: Hello, eventLoop: any EventLoop) -> Result<Session, Refusal> {
        let pathID = Int(hello.pathID)
        guard pathID >= 1 && pathID <= configuration.maximumPathID else {
            return .failure(Refusal(reason: .protocolError, message: "path id \(pathID) is outside 1...\(configuration.maximumPathID)"))
        }
        switch hello.kind {
        case .create:
            if let problem = problem(with: hello.parameters) {
                return .failure(Refusal(reason: .protocolError, message: problem))
            }
            return sessions.withLockedValue { sessions in
                if sessions[hello.sessionID] != nil {
                    return .failure(Refusal(reason: .protocolError, message: "session \(hello.sessionID) already exists"))
                }
                if sessions.count >= configuration.maximumSessions {
                    limits.hit(.sessionsPerServer)
                    return .failure(Refusal(reason: .limitReached, message: "server already has \(configuration.maximumSessions) sessions"))
                }
                let session = makeSession(hello, eventLoop: eventLoop)
                sessions[hello.sessionID] = session
                return .success(session)
            }
        case .join:
            guard let session = sessions.withLockedValue({ $0[hello.sessionID] }) else {
                return .failure(Refusal(reason: .unknownSession, message: "unknown session \(hello.sessionID)"))
            }
            switch session.acceptJoin(hello) {
            case false:
                return .failure(Refusal(reason: .unauthorized, message: "path \(pathID) of session \(hello.sessionID) did not prove the session secret"))
            case nil:
                return .failure(Refusal(reason: .unauthorized, message: "path \(pathID) of session \(hello.sessionID) replayed a join"))
            case true:
                break
            }
            if session.pathCount >= configuration.maximumPaths && !session.hasPath(pathID) {
                session.limits.hit(.pathsPerSession)
                return .failure(Refusal(reason: .limitReached, message: "session already has \(configuration.maximumPaths) paths"))
            }
            _ = session.pathRecord(pathID, standby: hello.standby)
            return .success(session)
        }
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
        let session = Session(
            id: hello.sessionID, role: .server, parameters: hello.parameters, configuration: sessionConfiguration,
            homeLoop: eventLoop, logger: sessionLogger, serverLimits: limits, encryption: encryption)
        logger.info("session \(hello.sessionID) created: \(hello.parameters.direction) of \(hello.parameters.totalBytes == 0 ? "unbounded" : "\(hello.parameters.totalBytes) bytes")")
        session.completion.whenComplete { [self] result in
            sessions.withLockedValue { _ = $0.removeValue(forKey: hello.sessionID) }
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
