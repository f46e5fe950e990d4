import ArgumentParser
import KwikCore
import Logging
import NIOCore
import NIOPosix

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve multipath sessions on PORT … PORT+PATHS-1 until SIGINT or SIGTERM.")

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "First port; path N listens on PORT+N-1.")
    var port = 4433

    @Option(help: "Number of path endpoints (ports).")
    var paths = 4

    @Option(
        name: .customLong("listen"),
        help: .init(
            "ADDR:PORT to listen on (repeat; replaces --host/--port/--paths), IPv6 in brackets ([::]:4433); "
                + "the Nth takes path N's --profile.", valueName: "addr:port"),
        transform: { text in
            do { return try Endpoint(parsing: text) } catch { throw ValidationError("\(error)") }
        })
    var listen: [Endpoint] = []

    @Option(help: "Connections still in their handshake, at most; beyond, the oldest of them is closed.")
    var maxPendingHandshakes = EngineConfiguration().maximumPendingHandshakes

    @Option(help: "Connections still in their handshake from one address, at most; beyond, its oldest is closed.")
    var maxPendingPerSource = EngineConfiguration().maximumPendingPerSource

    @OptionGroup var engine: EngineOptions

    @OptionGroup(title: "TLS") var tls: ServerTLSOptions

    @OptionGroup(title: "Metrics") var metrics: MetricsOptions

    func validate() throws {
        guard (1...16).contains(paths) else { throw ValidationError("--paths must be between 1 and 16") }
        guard (0...65535).contains(port), port + paths - 1 <= 65535 else {
            throw ValidationError("--port \(port) with --paths \(paths) runs past port 65535")
        }
        for address in listen where address.device != nil || address.source != nil {
            throw ValidationError("--listen '\(address)' takes ADDR:PORT only")
        }
        guard maxPendingHandshakes >= 1 else { throw ValidationError("--max-pending-handshakes must be at least 1") }
        guard maxPendingPerSource >= 1 else { throw ValidationError("--max-pending-per-source must be at least 1") }
    }

    /// The engine's options with the server's own limits.
    var serverConfiguration: EngineConfiguration {
        var configuration = engine.configuration()
        configuration.maximumPendingHandshakes = maxPendingHandshakes
        configuration.maximumPendingPerSource = maxPendingPerSource
        return configuration
    }

    func run() async throws {
        Console.bootstrapLogging()
        let logger = engine.logger(label: "kwiktop.serve", defaultLevel: .info)
        let group = MultiThreadedEventLoopGroup.singleton
        let ports = port == 0 ? Array(repeating: 0, count: paths) : Array(port..<(port + paths))
        let addresses = listen.isEmpty ? ports.map { Endpoint(host: host, port: $0) } : listen
        let pathTLS = try tls.load()
        let server: SessionServer
        do {
            server = try await SessionServer.start(
                listening: addresses, configuration: serverConfiguration, tls: pathTLS, group: group, logger: logger)
        } catch {
            throw Console.failure("\(error)")
        }
        let registry = server.registry
        let metricsServer = try await metrics.start(
            snapshots: { registry.activeSessions.map { $0.snapshot() } }, refusedJoins: { registry.refusalCounts },
            limitHits: { registry.limits.current })
        let listening = server.addresses.joined(separator: " ")
        logger.info("listening on \(listening)\(pathTLS == nil ? "" : " (TLS)")")
        let signal = await TerminationSignal.wait()
        logger.info("\(signal): shutting down")
        await metricsServer?.stop()
        await server.stop()
    }
}
