import KwikSnapshot
import Logging
import NIOCore
import NIOPosix

/// Listens on one port per path endpoint and serves any number of sessions, one after another or at once.
public final class SessionServer: Sendable {
    public let registry: SessionRegistry
    private let group: any EventLoopGroup
    private let logger: Logger
    private let channels: [any Channel]

    private init(registry: SessionRegistry, group: any EventLoopGroup, logger: Logger, channels: [any Channel]) {
        self.registry = registry
        self.group = group
        self.logger = logger
        self.channels = channels
    }

    /// Binds `host` on each of `ports` (0 picks a free port); with `tls`, every path must speak TLS.
    public static func start(
        host: String, ports: [Int], configuration: EngineConfiguration, tls: PathTLS? = nil, group: any EventLoopGroup,
        logger: Logger
    ) async throws -> SessionServer {
        try await start(
            listening: ports.map { Endpoint(host: host, port: $0) }, configuration: configuration, tls: tls,
            group: group, logger: logger)
    }

    /// Binds each of `addresses`, IPv4 or IPv6; a session's paths may arrive on any of them. The Nth
    /// address takes the impairment profile of path N.
    public static func start(
        listening addresses: [Endpoint], configuration: EngineConfiguration, tls: PathTLS? = nil,
        group: any EventLoopGroup, logger: Logger
    ) async throws -> SessionServer {
        let registry = SessionRegistry(
            configuration: configuration, encryption: tls == nil ? .plaintext : .tls, logger: logger)
        var channels: [any Channel] = []
        do {
            for (index, address) in addresses.enumerated() {
                let profile = configuration.profiles[index + 1]
                var bootstrap = ServerBootstrap(group: group)
                    .serverChannelOption(.backlog, value: 256)
                    .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                    .childChannelOption(.recvAllocator, value: PathPipeline.recvAllocator(configuration))
                    .childChannelOption(.writeBufferWaterMark, value: PathPipeline.waterMark(configuration))
                    .childChannelInitializer { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try PathPipeline.configure(
                                channel, role: .server(registry), profile: profile, tls: tls, host: address.host,
                                configuration: configuration, logger: logger)
                        }
                    }
                for (option, value) in PathPipeline.socketOptions(configuration) {
                    bootstrap = bootstrap.childChannelOption(option, value: value)
                }
                do {
                    channels.append(try await bootstrap.bind(host: address.host, port: address.port).get())
                } catch {
                    throw EngineError.invalidArgument("cannot listen on \(address.address): \(Self.describe(error))")
                }
            }
        } catch {
            for channel in channels { try? await channel.close() }
            throw error
        }
        return SessionServer(registry: registry, group: group, logger: logger, channels: channels)
    }

    public var ports: [Int] { channels.compactMap { $0.localAddress?.port } }

    /// The bound addresses, `[v6]:port` for IPv6.
    public var addresses: [String] { channels.map(\.localDescription) }

    /// How long an ended session stays in ``snapshot()``.
    public static let endedShownFor = TimeAmount.seconds(60)

    /// The running sessions, those ended within ``endedShownFor``, and whether new ones are taken.
    public func snapshot() -> ServerSnapshot {
        ServerSnapshot(
            addresses: addresses, acceptsNewSessions: registry.acceptsNewSessions,
            sessions: registry.activeSessions.map { $0.snapshot() },
            ended: registry.endedSessions(within: Self.endedShownFor), refusedJoins: registry.refusedJoins)
    }

    private static func describe(_ error: any Error) -> String {
        let text = String(reflecting: error)
        if text.contains("Address already in use") { return "address already in use" }
        if text.contains("Cannot assign requested address") { return "no interface has this address" }
        if text.contains("Permission denied") { return "permission denied" }
        return "\(error)"
    }

    /// Stops listening and ends every session, giving each up to a second to say goodbye.
    public func stop() async {
        for channel in channels { try? await channel.close() }
        let sessions = registry.activeSessions
        for session in sessions { session.fail("server shutting down") }
        let deadline = NIODeadline.now() + .seconds(1)
        while sessions.contains(where: { $0.connectedPathCount > 0 }) && NIODeadline.now() < deadline {
            try? await Task.sleep(nanoseconds: 10_000_000)
        }
    }
}
