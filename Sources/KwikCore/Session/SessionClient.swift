import KwikSnapshot
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// Opens a session from the client side: the first path creates it, the others join. A lost path
/// reconnects with capped exponential backoff for as long as the session runs, and a path that stays
/// stale gets a fresh connection beside the silent one.
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
        public var firstBackoff: TimeAmount = .milliseconds(50)
        /// Short enough that a link coming back is used within about two seconds: an attempt into a dead
        /// link costs one SYN.
        public var maximumBackoff: TimeAmount = .seconds(1)
        public var connectTimeout: TimeAmount = .seconds(5)
        /// A reconnect's SYN is sent again once, after a second, before the attempt gives up.
        public var reconnectTimeout: TimeAmount = .milliseconds(1500)
        /// A path stale this long gets a fresh connection; the silent one is closed once it joins.
        public var replaceStaleAfter: TimeAmount = .seconds(1)
        /// One path per interface, following interfaces that come and go (see ``InterfacePlan``).
        public var interfaces: InterfaceSelection?
        public var configuration = EngineConfiguration()
        /// Every path speaks TLS when set.
        public var tls: PathTLS?

        public init(endpoints: [Endpoint]) { self.endpoints = endpoints }
    }

    public let session: Session
    let options: Options
    let group: any EventLoopGroup
    let logger: Logger
    let paths: NIOLockedValueBox<ClientPaths>
    let watch = NIOLockedValueBox<[RepeatedTask]>([])

    private init(session: Session, options: Options, group: any EventLoopGroup, logger: Logger) {
        self.session = session
        self.options = options
        self.group = group
        self.logger = logger
        self.paths = NIOLockedValueBox(ClientPaths(endpoints: options.endpoints))
    }

    deinit {
        for task in watch.withLockedValue({ $0 }) { task.cancel() }
    }

    /// Connects every path; throws a one-line `EngineError` when the first path cannot join.
    public static func connect(
        _ options: Options, group: any EventLoopGroup, logger: Logger
    ) async throws -> SessionClient {
        var options = options
        var plan: InterfacePlan?
        if let selection = options.interfaces, let first = options.endpoints.first {
            var started = InterfacePlan(selection: selection, server: first, limit: Sender.highestPathID)
            options.endpoints = try started.initialEndpoints(NetworkInterface.current())
            plan = started
        }
        guard !options.endpoints.isEmpty else { throw EngineError.invalidArgument("no endpoint to connect to") }
        guard options.endpoints.count <= Sender.highestPathID else {
            throw EngineError.invalidArgument(
                "\(options.endpoints.count) paths asked for; a session has at most \(Sender.highestPathID)")
        }
        for endpoint in options.endpoints { try endpoint.checkBinding() }
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
            session.declarePath(index + 1, endpoint: endpoint.address, standby: options.standby.contains(index + 1))
        }
        do {
            try await client.open(pathID: 1, kind: .create, timeout: options.connectTimeout).get()
        } catch {
            session.fail("\(error)")
            throw error
        }
        // Without its first path there is no session; a further path that fails only fails itself.
        await withTaskGroup(of: Void.self) { tasks in
            for pathID in options.endpoints.indices.dropFirst().map({ $0 + 1 }) {
                tasks.addTask { await client.join(pathID) }
            }
        }
        client.startWatching(plan: plan)
        return client
    }

    /// Joins a further path; a refusal or a TLS failure is final for that path (retrying cannot change
    /// a certificate), anything else is retried like a lost path.
    func join(_ pathID: Int) async {
        do {
            try await open(pathID: pathID, kind: .join, timeout: options.connectTimeout).get()
        } catch let error as EngineError where error.isFinal {
            logger.warning("path \(pathID): \(error)")
            session.markFailed(pathID)
        } catch {
            logger.warning("path \(pathID) could not join: \(error)")
            pathLost(pathID, lastError: Self.describe(error))
        }
    }

    func open(pathID: Int, kind: Hello.Kind, timeout: TimeAmount) -> EventLoopFuture<Void> {
        let eventLoop = group.next()
        let joined = eventLoop.makePromise(of: Void.self)
        guard let (endpoint, reached) = paths.withLockedValue({ $0.target(of: pathID) }) else {
            joined.fail(EngineError.invalidArgument("path \(pathID) has no endpoint"))
            return joined.futureResult
        }
        let configuration = options.configuration
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
            .connectTimeout(timeout)
            .channelOption(.recvAllocator, value: PathPipeline.recvAllocator(configuration))
            .channelOption(.writeBufferWaterMark, value: PathPipeline.waterMark(configuration))
            .channelInitializer { [session] channel in
                let bound =
                    endpoint.device.map { channel.bind(toDevice: $0) } ?? channel.eventLoop.makeSucceededVoidFuture()
                return bound.flatMapThrowing {
                    try PathPipeline.configure(
                        channel, role: .client(session: session, hello: hello, joined: joined),
                        profile: configuration.profiles[pathID], tls: tls, host: endpoint.host,
                        configuration: configuration, logger: pathLogger)
                }
            }
        for (option, value) in PathPipeline.socketOptions(configuration) {
            bootstrap = bootstrap.channelOption(option, value: value)
        }
        if let source = endpoint.source {
            guard let address = try? SocketAddress(ipAddress: source, port: 0) else {
                joined.fail(EngineError.invalidArgument("source address '\(source)' is not an IP address"))
                return joined.futureResult
            }
            bootstrap = bootstrap.bind(to: address)
        }
        let connecting =
            reached.map { bootstrap.connect(to: $0) } ?? bootstrap.connect(host: endpoint.host, port: endpoint.port)
        connecting.whenComplete { [paths] result in
            switch result {
            case .success(let channel):
                if let address = channel.remoteAddress { paths.withLockedValue { $0.reached(address, by: pathID) } }
            case .failure(let error):
                joined.fail(
                    EngineError.connectionClosed(
                        "cannot connect path \(pathID) to \(endpoint): \(Self.describe(error, source: endpoint.source))"
                    ))
            }
        }
        return joined.futureResult
    }

    /// NIO's connection errors, reduced to what a user needs to read.
    static func describe(_ error: any Error, source: String? = nil) -> String {
        if let error = error as? EngineError { return error.description }
        let text = String(reflecting: error)
        if text.contains("Connection refused") { return "connection refused" }
        if text.contains("UnknownHost") { return "unknown host" }
        if text.contains("connectTimeout") { return "timed out" }
        if text.contains("Connection reset") { return "connection reset" }
        if text.contains("Network is unreachable") { return "network unreachable" }
        if text.contains("No route to host") { return "no route to host" }
        if text.contains("Cannot assign requested address") {
            return "source address \(source ?? "?") is not on this host"
        }
        return "\(error)"
    }
}

struct WeakClient {
    weak var client: SessionClient?
}
