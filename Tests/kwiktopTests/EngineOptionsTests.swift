import KwikCore
import Testing

@testable import kwiktop

struct EngineOptionsTests {
    @Test func profilesAreParsedByPath() throws {
        let options = try EngineOptions.parse(["--profile", "1:delay=20ms,jitter=2ms", "--profile", "3:rate=200mbit"])
        let profiles = try options.parsedProfiles()
        #expect(profiles[1] == ImpairmentProfile(delay: .milliseconds(20), jitter: .milliseconds(2)))
        #expect(profiles[3] == ImpairmentProfile(rate: 200e6))
        #expect(options.configuration().profiles == profiles)
    }

    @Test(arguments: [
        ["--profile", "delay=20ms"], ["--profile", "1:warp=9"], ["--profile", "x:delay=1ms"],
        ["--packet-size", "0"], ["--packet-size", "2000000"], ["--window", "0"], ["--inflight", "0"],
        ["--ping-interval", "100us"], ["--max-frame", "lots"], ["--reader", "telepathy"],
        ["--user-timeout", "500us"], ["--user-timeout", "3000000s"], ["--user-timeout", "soon"],
    ])
    func badOptionsAreRefused(arguments: [String]) {
        #expect(throws: (any Error).self) { try EngineOptions.parse(arguments) }
    }

    @Test func optionsReachTheConfiguration() throws {
        let options = try EngineOptions.parse([
            "--packet-size", "1200", "--max-frame", "64KiB", "--window", "512", "--inflight", "9",
            "--ping-interval", "50ms", "--stale-timeout", "1s", "--reader", "naive", "--user-timeout", "4s",
        ])
        let configuration = options.configuration(scheduler: .weighted)
        #expect(configuration.packetSize == 1200)
        #expect(configuration.maximumFrameLength == 64 << 10)
        #expect(configuration.receiveWindow == 512)
        #expect(configuration.inFlightLimit == 9)
        #expect(configuration.pingInterval == .milliseconds(50))
        #expect(configuration.staleTimeout == .seconds(1))
        #expect(configuration.userTimeout == .seconds(4))
        #expect(configuration.readerMode == .naive)
        #expect(configuration.scheduler == .weighted)
    }

    @Test func theUserTimeoutDefaultsToTheEnginesAndZeroLeavesTheKernels() throws {
        #expect(try EngineOptions.parse([]).configuration().userTimeout == EngineConfiguration().userTimeout)
        #expect(try EngineOptions.parse(["--user-timeout", "0s"]).configuration().userTimeout == .zero)
    }
}
