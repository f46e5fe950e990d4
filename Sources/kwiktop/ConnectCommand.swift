import ArgumentParser
import KwikCore
import KwikSnapshot
import Logging
import NIOCore
import NIOPosix

struct ConnectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connect",
        abstract: "Open a multipath session to a kwiktop server and watch it (or print NDJSON with --headless).")

    @Argument(help: "Server host.")
    var host: String

    @OptionGroup var session: SessionOptions

    @Option(help: "Server's first port; path N connects to PORT+N-1.")
    var port = 4433

    @Option(help: "Number of paths.")
    var paths = 4

    @Option(
        name: .customLong("endpoint"),
        help: .init(
            "HOST:PORT[,dev=IFACE][,src=ADDR] of one path (repeat; replaces --port/--paths): dev= binds the path to "
                + "an interface, src= to a source address; IPv6 in brackets, [::1]:4433.",
            valueName: "endpoint"),
        transform: { text in
            do { return try Endpoint(parsing: text) } catch { throw ValidationError("\(error)") }
        })
    var endpoints: [Endpoint] = []

    @Option(
        help: .init(
            "One path per interface, each bound to it, all to HOST:PORT: 'auto' (every interface that is up, "
                + "loopback aside) or a list (wlan0,usb0); interfaces that come and go later open and fail paths.",
            valueName: "auto|list"))
    var interfaces: String?

    @OptionGroup(title: "TLS") var tls: ClientTLSOptions

    func validate() throws {
        guard (1...16).contains(paths) else { throw ValidationError("--paths must be between 1 and 16") }
        guard (1...65535).contains(port) else { throw ValidationError("--port must be between 1 and 65535") }
        if interfaces != nil && !endpoints.isEmpty {
            throw ValidationError("give --interfaces or --endpoint, not both")
        }
        if let interfaces, interfaces != "auto", interfaceSelection == .named([]) {
            throw ValidationError("--interfaces '\(interfaces)' is neither 'auto' nor a list of interface names")
        }
    }

    var resolvedEndpoints: [Endpoint] {
        if !endpoints.isEmpty { return endpoints }
        if interfaces != nil { return [Endpoint(host: host, port: port)] }
        return (0..<paths).map { Endpoint(host: host, port: port + $0) }
    }

    var interfaceSelection: InterfaceSelection? {
        guard let interfaces else { return nil }
        if interfaces == "auto" { return .automatic }
        return .named(interfaces.split(separator: ",").map(String.init))
    }

    func run() async throws {
        Console.bootstrapLogging()
        let logger = session.engine.logger(label: "kwiktop.connect", defaultLevel: .error)
        let group = MultiThreadedEventLoopGroup.singleton
        var options = session.clientOptions(endpoints: resolvedEndpoints)
        options.interfaces = interfaceSelection
        options.tls = try tls.load()
        let client: SessionClient
        do {
            client = try await SessionClient.connect(options, group: group, logger: logger)
        } catch {
            throw Console.failure("\(error)")
        }
        let status = try await session.run(client.session)
        if status != 0 { throw ExitCode(status) }
    }
}

/// Options of a client session, shared by `connect` and `demo`.
struct SessionOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Packet scheduler: ecf (earliest completion first), minrtt, roundrobin, weighted, redundant "
                + "(default: kwiktop.toml's, or ecf)."))
    var scheduler: SchedulerKind?

    @Option(help: "Workload direction: download (server to client), upload, both.")
    var workload: WorkloadDirection = .download

    @Option(help: "Bytes per direction (e.g. 256MiB); the run ends when they are all verified.")
    var bytes: ByteCount?

    @Option(help: "Run for this long (e.g. 30s) instead of a byte count.")
    var duration: Duration?

    @Option(
        help: .init(
            "The application's rate per direction (e.g. 300mbit): a paced stream, as a call or a video sends, "
                + "so the scheduler's choice of paths shows; default: as fast as the paths carry."))
    var rate: BitRate?

    @Flag(help: "No dashboard: print one NDJSON snapshot per interval, then a final one.")
    var headless = false

    @Option(help: "Snapshot interval for --headless.")
    var interval: Duration = Duration(argument: "1s")!

    @Option(
        help: .init(
            "With --headless and --duration: fail if delivered or acknowledged bytes stand still longer than this "
                + "(measured on the interval snapshots)."))
    var maxStall: Duration = Duration(argument: "2s")!

    @Option(
        name: .customLong("at"),
        help: "Scripted path action TIME:ACTION:PATH (disable, enable, kill, blackhole, restore); repeatable.")
    var actions: [ScriptedAction] = []

    @Option(name: .customLong("standby"), help: "Path id used only while no active path is usable (repeatable).")
    var standby: [Int] = []

    @Flag(name: .customLong("no-reconnect"), help: "Do not reconnect failed paths.")
    var noReconnect = false

    @Option(help: "Seed of the pseudo-random workload stream.")
    var seed: UInt64 = 1

    @OptionGroup var engine: EngineOptions

    @OptionGroup(title: "Dashboard") var dashboard: DashboardFlags

    @OptionGroup(title: "Metrics") var metrics: MetricsOptions

    func validate() throws {
        if bytes != nil && duration != nil { throw ValidationError("give --bytes or --duration, not both") }
        if let bytes, bytes.bytes == 0 { throw ValidationError("--bytes must be more than 0") }
        if interval.nanoseconds < 10_000_000 { throw ValidationError("--interval must be at least 10ms") }
        if maxStall.nanoseconds == 0 { throw ValidationError("--max-stall must be more than 0") }
        // Below this a 16 KiB packet waits seconds for its turn and the stall checks would fire.
        if let rate, rate.bytesPerSecond < 125_000 { throw ValidationError("--rate must be at least 1mbit") }
    }

    func clientOptions(
        endpoints: [Endpoint], defaults: EngineConfiguration = EngineConfiguration()
    ) -> SessionClient.Options {
        var options = SessionClient.Options(endpoints: endpoints)
        options.direction = workload.wire
        options.totalBytes = bytes?.bytes
        options.rate = rate?.bytesPerSecond ?? 0
        options.seed = seed
        options.standby = Set(standby)
        options.reconnect = !noReconnect
        let saved = scheduler == nil ? dashboard.settingsFile?.read().settings.scheduler : nil
        options.configuration = engine.configuration(scheduler: scheduler ?? saved ?? .ecf, defaults: defaults)
        return options
    }

    /// Runs the session headless or in the dashboard, with its metrics endpoint if asked for; returns
    /// the exit status.
    func run(_ session: Session) async throws -> Int32 {
        let metricsServer = try await metrics.start { [session] in [session.snapshot()] }
        let status: Int32
        if headless {
            let duration = self.duration ?? (bytes == nil ? Duration(argument: "10s") : nil)
            status = await HeadlessRun(
                session: session, actions: actions, interval: interval, duration: duration, maxStall: maxStall
            ).run()
        } else {
            schedule(actions, on: session)
            status = dashboard.show(session)
        }
        await metricsServer?.stop()
        return status
    }
}
