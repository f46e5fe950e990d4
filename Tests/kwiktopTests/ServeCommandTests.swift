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

    @Test(arguments: [
        ["--max-pending-handshakes", "0"], ["--max-pending-per-source", "0"], ["--max-pending-per-source", "many"],
    ])
    func badCapsAreRefused(arguments: [String]) {
        #expect(throws: (any Error).self) { try ServeCommand.parse(arguments) }
    }
}
