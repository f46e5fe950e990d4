import ArgumentParser
import Foundation
import KwikCore
import KwikTerminal
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

    @Flag(help: "No dashboard even on a terminal: log only, or print NDJSON with --json.")
    var headless = false

    @Flag(help: "With --headless: one NDJSON line per running session per --interval, a final one as each ends.")
    var json = false

    @Option(help: "Snapshot interval for --headless --json.")
    var interval: Duration = Duration(argument: "1s")!

    @OptionGroup(title: "Dashboard") var dashboard: DashboardFlags

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
        if json && !headless { throw ValidationError("--json needs --headless") }
        if interval.nanoseconds < 10_000_000 { throw ValidationError("--interval must be at least 10ms") }
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

    /// The dashboard needs a terminal on both ends; elsewhere `serve` logs as it always did.
    var showsDashboard: Bool { !headless && isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 }

    func run() async throws {
        Console.bootstrapLogging()
        // Log lines would tear the dashboard's screen: only errors, unless asked for.
        let logger = engine.logger(label: "kwiktop.serve", defaultLevel: showsDashboard ? .error : .info)
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
        var status: Int32 = 0
        if showsDashboard {
            do {
                try TerminalDashboard().runServer(
                    snapshot: { server.snapshot() }, control: ServerControl(server: server),
                    options: dashboard.options())
            } catch {
                status = Console.dashboardFailure(error).rawValue
            }
        } else if json {
            let printing = Task { [server, interval] in await ServerNDJSON(server: server, interval: interval).run() }
            _ = await TerminationSignal.wait()
            printing.cancel()
            var printer = await printing.value
            await server.stop()
            _ = printer.print(server.snapshot())
        } else {
            let signal = await TerminationSignal.wait()
            logger.info("\(signal): shutting down")
        }
        await metricsServer?.stop()
        await server.stop()
        if status != 0 { throw ExitCode(status) }
    }
}
