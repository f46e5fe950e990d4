import ArgumentParser
import KwikCore
import Logging
import NIOCore
import NIOPosix

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Embedded demo: a loopback server and a 4-path session with distinct path profiles and a "
            + "continuous download."
    )

    @Option(help: "Number of paths.")
    var paths = 4

    @Flag(help: "Plain loopback paths, without the demo's impairment profiles.")
    var plain = false

    @OptionGroup var session: SessionOptions

    /// Four paths that differ the way real links do (a wired link, Wi-Fi, 5G, LTE), each with its own
    /// rate, so that every path adds to what the session carries; `--profile` replaces them (server side).
    static let demoProfiles: [Int: ImpairmentProfile] = [
        1: ImpairmentProfile(delay: .milliseconds(2), rate: 600e6),
        2: ImpairmentProfile(delay: .milliseconds(8), jitter: .milliseconds(1), rate: 400e6),
        3: ImpairmentProfile(delay: .milliseconds(20), jitter: .milliseconds(2), rate: 200e6),
        4: ImpairmentProfile(delay: .milliseconds(40), rate: 100e6),
    ]

    func validate() throws {
        guard (1...16).contains(paths) else { throw ValidationError("--paths must be between 1 and 16") }
    }

    func run() async throws {
        Console.bootstrapLogging()
        let logger = session.engine.logger(label: "kwiktop.demo", defaultLevel: session.headless ? .error : .critical)
        let group = MultiThreadedEventLoopGroup.singleton
        let server: SessionServer
        let client: SessionClient
        do {
            var serverConfiguration = session.engine.configuration()
            if session.engine.profiles.isEmpty && !plain {
                serverConfiguration.profiles = Self.demoProfiles
            }
            var clientSession = session
            clientSession.engine.profiles = []
            server = try await SessionServer.start(
                host: "127.0.0.1", ports: Array(repeating: 0, count: paths), configuration: serverConfiguration,
                group: group, logger: logger)
            let endpoints = server.ports.map { Endpoint(host: "127.0.0.1", port: $0) }
            client = try await SessionClient.connect(
                clientSession.clientOptions(endpoints: endpoints), group: group,
                logger: logger)
        } catch {
            throw Console.failure("\(error)")
        }
        let status = try await session.run(client.session)
        await server.stop()
        if status != 0 { throw ExitCode(status) }
    }
}
