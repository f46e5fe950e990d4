import KwikCore
import Testing

@testable import kwiktop

struct ServeCommandTests {
    @Test func pendingHandshakeCapsReachTheConfiguration() throws {
        let command = try ServeCommand.parse(["--max-pending-handshakes", "32", "--max-pending-per-source", "8"])
        #expect(command.serverConfiguration.maximumPendingHandshakes == 32)
        #expect(command.serverConfiguration.maximumPendingPerSource == 8)
        let defaults = try ServeCommand.parse([]).serverConfiguration
        #expect(defaults.maximumPendingHandshakes == EngineConfiguration().maximumPendingHandshakes)
        #expect(defaults.maximumPendingPerSource == EngineConfiguration().maximumPendingPerSource)
    }

    @Test func listenTakesIPv4AndIPv6Addresses() throws {
        let command = try ServeCommand.parse(["--listen", "0.0.0.0:4433", "--listen", "[::]:4434"])
        #expect(command.listen == [Endpoint(host: "0.0.0.0", port: 4433), Endpoint(host: "::", port: 4434)])
    }

    @Test(arguments: [
        ["--max-pending-handshakes", "0"], ["--max-pending-per-source", "0"], ["--max-pending-per-source", "many"],
        ["--listen", "4433"], ["--listen", "::1:4433"], ["--listen", "127.0.0.1:4433,dev=lo"],
    ])
    func badCapsAreRefused(arguments: [String]) {
        #expect(throws: (any Error).self) { try ServeCommand.parse(arguments) }
    }
}
