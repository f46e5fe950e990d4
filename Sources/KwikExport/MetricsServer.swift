import NIOCore
import NIOHTTP1
import NIOPosix

/// A minimal HTTP server for Prometheus to scrape: `GET /metrics` on host:port.
public final class MetricsServer: Sendable {
    private let channel: any Channel

    private init(channel: any Channel) {
        self.channel = channel
    }

    /// Binds `host:port` (port 0 picks a free one).
    public static func start(
        host: String, port: Int, exporter: PrometheusExporter,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> MetricsServer {
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(MetricsHTTPHandler(exporter: exporter))
                }
            }
            .bind(host: host, port: port).get()
        return MetricsServer(channel: channel)
    }

    /// The bound port.
    public var port: Int { channel.localAddress?.port ?? 0 }

    /// Stops listening; scrapes in progress finish on their own connections.
    public func stop() async {
        try? await channel.close()
    }
}
