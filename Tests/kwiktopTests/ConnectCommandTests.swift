import KwikCore
import Testing

@testable import kwiktop

struct ConnectCommandTests {
    @Test func pathsCountFromThePort() throws {
        let command = try ConnectCommand.parse(["example.net", "--port", "5000", "--paths", "3"])
        let endpoints = command.resolvedEndpoints.map(\.description)
        #expect(endpoints == ["example.net:5000", "example.net:5001", "example.net:5002"])
    }

    @Test func endpointsReplaceThePortAndPaths() throws {
        let command = try ConnectCommand.parse(["h", "--endpoint", "10.0.0.1:4433", "--endpoint", "[::1]:4434"])
        #expect(
            command.resolvedEndpoints == [
                Endpoint(host: "10.0.0.1", port: 4433), Endpoint(host: "::1", port: 4434),
            ])
    }

    @Test func interfacesGiveOnePathPerInterfaceToThePort() throws {
        let auto = try ConnectCommand.parse(["h", "--interfaces", "auto", "--port", "5000"])
        #expect(auto.interfaceSelection == .automatic)
        #expect(auto.resolvedEndpoints == [Endpoint(host: "h", port: 5000)])
        let list = try ConnectCommand.parse(["h", "--interfaces", "wlan0,usb0"])
        #expect(list.interfaceSelection == .named(["wlan0", "usb0"]))
    }

    @Test func sessionOptionsAreParsed() throws {
        let command = try ConnectCommand.parse([
            "h", "--bytes", "8MiB", "--at", "1s:disable:2", "--at", "2s:enable:2", "--scheduler", "redundant",
            "--workload", "both", "--headless", "--interval", "250ms", "--standby", "4",
        ])
        let options = command.session.clientOptions(endpoints: command.resolvedEndpoints)
        #expect(options.totalBytes == 8 << 20)
        #expect(options.direction == .both)
        #expect(options.standby == [4])
        #expect(options.configuration.scheduler == .redundant)
        #expect(command.session.actions.map(\.action) == [.disable, .enable])
        #expect(command.session.headless)
        #expect(command.session.interval.nanoseconds == 250_000_000)
    }

    @Test func theStallBoundHasADefaultAndAFlag() throws {
        #expect(try ConnectCommand.parse(["h"]).session.maxStall.seconds == 2)
        #expect(try ConnectCommand.parse(["h", "--max-stall", "500ms"]).session.maxStall.seconds == 0.5)
    }

    @Test func aStallBoundOfZeroIsRefused() throws {
        let error = try #require(throws: (any Error).self) { try ConnectCommand.parse(["h", "--max-stall", "0s"]) }
        #expect(ConnectCommand.message(for: error) == "--max-stall must be more than 0")
    }

    @Test(arguments: [
        ["h", "--endpoint", "nowhere"], ["h", "--endpoint", "h:0"], ["h", "--endpoint", ":4433"],
        ["h", "--endpoint", "h:1,dev=no-such-iface0"], ["h", "--interfaces", ","],
        ["h", "--interfaces", "auto", "--endpoint", "h:1"],
        ["h", "--paths", "0"],
        ["h", "--paths", "17"], ["h", "--bytes", "0"], ["h", "--bytes", "1MiB", "--duration", "1s"],
        ["h", "--interval", "1ms"], ["h", "--duration", "forever"], ["h", "--at", "1s:explode:1"],
        ["h", "--refresh", "3"], ["h", "--scheduler", "fastest"], ["h", "--workload", "sideways"],
    ])
    func badArgumentsAreRefused(arguments: [String]) {
        #expect(throws: (any Error).self) { try ConnectCommand.parse(arguments) }
    }
}
