import KwikSnapshot
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// Where one path connects.
public struct Endpoint: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `HOST:PORT` or `[IPv6]:PORT`.
    public init?(parsing text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (1...65535).contains(port)
        else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { return nil }
        self.init(host: host, port: port)
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// Opens a session from the client side: the first path creates it, the others join; a lost path
/// reconnects with exponential backoff and re-joins.
public final class SessionClient: Sendable {
    public struct Options: Sendable {
        public var endpoints: [Endpoint]
        public var standby: Set<Int> = []
        public var direction: SessionParameters.Direction = .download
        /// Bytes per direction; nil for a run bounded by time.
        public var totalBytes: UInt64?
        public var seed: UInt64 = 1
        /// The application's rate per direction, bytes per second; 0: unpaced.
        public var rate: UInt64 = 0
        public var reconnect = true
        public var reconnectAttempts = 8
        public var firstBackoff: TimeAmount = .milliseconds(50)
        public var maximumBackoff: TimeAmount = .seconds(2)
        public var configuration = EngineConfiguration()
        /// Every path speaks TLS when set.
        public var tls: PathTLS?

        public init(endpoints: [Endpoint]) { self.endpoints = endpoints }
    }

    public let session: Session
    private let options: Options
    private let group: any EventLoopGroup
    private let logger: Logger
    private let reconnecting = NIOLockedValueBox<Set<Int>>([])

    private init(session: Session, options: Options, group: any EventLoopGroup, logger: Logger) {
        self.session = session
        self.options = options
        self.group = group
        self.logger = logger
    }

    /// Connects every path; throws a one-line `EngineError` when the first path cannot join.
    public static func connect(
        _ options: Options, group: any EventLoopGroup, logger: Logger
    ) async throws -> SessionClient {
        guard !options.endpoints.isEmpty else { throw EngineError.invalidArgument("no endpoint to connect to") }
        guard options.endpoints.count <= Sender.highestPathID else {
            throw EngineError.invalidArgument(
                "\(options.endpoints.count) paths asked for; a session has at most \(Sender.highestPathID)")
        }
        let parameters = SessionParameters(
            direction: options.direction, totalBytes: options.totalBytes ?? 0,
            packetSize: UInt32(options.configuration.packetSize), seed: options.seed,
            receiveWindow: UInt32(options.configuration.receiveWindow), scheduler: options.configuration.scheduler,
            rate: options.rate)
        // Weak: the session must not keep its client (which holds the session) alive.
        let box = NIOLockedValueBox(WeakClient())
        let session = Session(
            id: .random(), role: .client, parameters: parameters, configuration: options.configuration,
            homeLoop: group.next(), logger: logger,
            onPathLost: { pathID in box.withLockedValue { $0.client }?.pathLost(pathID) },
            encryption: options.tls.map { $0.verifiesPeer ? .tls : .tlsUnverified } ?? .plaintext)
        let client = SessionClient(session: session, options: options, group: group, logger: logger)
        box.withLockedValue { $0.client = client }
        for (index, endpoint) in options.endpoints.enumerated() {
            session.declarePath(index + 1, endpoint: endpoint.description, standby: options.standby.contains(index + 1))
        }
        do {
            try await client.open(pathID: 1, kind: .create).get()
        } catch {
            session.fail("\(error)")
            throw error
        }
        // Without its first path there is no session; a further path that fails only fails itself.
        await withTaskGroup(of: Void.self) { tasks in
            for pathID in options.endpoints.indices.dropFirst().map({ $0 + 1 }) {
                tasks.addTask {
                    do {
                        try await client.open(pathID: pathID, kind: .join).get()
                    } catch {
                        client.joinFailed(pathID, error)
                    }
                }
            }
        }
        return client
    }

    /// A refusal or a TLS failure is final for that path (retrying cannot change a certificate);
    /// anything else is retried like a lost path.
    private func joinFailed(_ pathID: Int, _ error: any Error) {
        if let error = error as? EngineError, error.isFinal {
            logger.warning("path \(pathID): \(error)")
            session.markFailed(pathID)
        } else {
            logger.warning("path \(pathID) could not join: \(error)")
            pathLost(pathID)
        }
    }

    private func open(pathID: Int, kind: Hello.Kind) -> EventLoopFuture<Void> {
        let endpoint = options.endpoints[pathID - 1]
        let configuration = options.configuration
        let eventLoop = group.next()
        let joined = eventLoop.makePromise(of: Void.self)
        let standby = options.standby.contains(pathID)
        let hello =
            kind == .create
            ? Hello(
                kind: .create, sessionID: session.id, pathID: UInt16(pathID), standby: standby,
                parameters: session.parameters)
            : session.joinHello(pathID: pathID, standby: standby)
        var taggedLogger = logger
        taggedLogger[metadataKey: "path"] = "\(pathID)"
        let pathLogger = taggedLogger
        let tls = options.tls
        var bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(.seconds(5))
            .channelOption(.recvAllocator, value: PathPipeline.recvAllocator(configuration))
            .channelOption(.writeBufferWaterMark, value: PathPipeline.waterMark(configuration))
            .channelInitializer { [session] channel in
                channel.eventLoop.makeCompletedFuture {
                    try PathPipeline.configure(
                        channel, role: .client(session: session, hello: hello, joined: joined),
                        profile: configuration.profiles[pathID], tls: tls, host: endpoint.host,
                        configuration: configuration, logger: pathLogger)
                }
            }
        for (option, value) in PathPipeline.socketOptions(configuration) {
            bootstrap = bootstrap.channelOption(option, value: value)
        }
        bootstrap.connect(host: endpoint.host, port: endpoint.port).whenFailure { error in
            joined.fail(
                EngineError.connectionClosed("cannot connect path \(pathID) to \(endpoint): \(Self.describe(error))"))
        }
        return joined.futureResult
    }

    /// NIO's connection errors, reduced to what a user needs to read.
    static func describe(_ error: any Error) -> String {
        let text = String(reflecting: error)
        if text.contains("Connection refused") { return "connection refused" }
        if text.contains("UnknownHost") { return "unknown host" }
        if text.contains("connectTimeout") { return "timed out" }
        if text.contains("Connection reset") { return "connection reset" }
        if text.contains("Network is unreachable") { return "network unreachable" }
        return "\(error)"
    }

    private func pathLost(_ pathID: Int) {
        guard options.reconnect else {
            failIfNoPathLeft()
            return
        }
        let first = reconnecting.withLockedValue { $0.insert(pathID).inserted }
        guard first else { return }
        session.markReconnecting(pathID)
        retry(pathID, attempt: 1, delay: options.firstBackoff)
    }

    private func retry(_ pathID: Int, attempt: Int, delay: TimeAmount) {
        group.next().scheduleTask(in: delay) { [self] in
            guard !session.isFinished else { return }
            open(pathID: pathID, kind: .join).whenComplete { [self] result in
                switch result {
                case .success:
                    reconnecting.withLockedValue { _ = $0.remove(pathID) }
                    logger.info("path \(pathID) reconnected after \(attempt) attempt(s)")
                case .failure(let error):
                    if attempt >= options.reconnectAttempts {
                        reconnecting.withLockedValue { _ = $0.remove(pathID) }
                        session.markFailed(pathID)
                        logger.warning("path \(pathID) gave up reconnecting: \(error)")
                        failIfNoPathLeft()
                    } else {
                        let next = TimeAmount.nanoseconds(
                            min(delay.nanoseconds * 2, options.maximumBackoff.nanoseconds))
                        retry(pathID, attempt: attempt + 1, delay: next)
                    }
                }
            }
        }
    }

    private func failIfNoPathLeft() {
        let pending = reconnecting.withLockedValue { $0.count }
        if session.connectedPathCount == 0 && pending == 0 {
            session.fail("server lost: every path failed and reconnecting gave up")
        }
    }
}

private struct WeakClient {
    weak var client: SessionClient?
}
