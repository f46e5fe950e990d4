import KwikCore
import Testing

struct InterfacePlanTests {
    static let server = Endpoint(host: "10.9.0.1", port: 4433)

    func interface(_ name: String, _ addresses: [String], up: Bool = true) -> NetworkInterface {
        NetworkInterface(name: name, isUp: up, isLoopback: name == "lo", addresses: addresses)
    }

    @Test func oneBoundPathPerUsableInterface() throws {
        var plan = InterfacePlan(selection: .automatic, server: Self.server)
        let endpoints = try plan.initialEndpoints([
            interface("lo", ["127.0.0.1", "::1"]), interface("wlan0", ["fd00::2", "192.168.1.2"]),
            interface("usb0", ["10.1.0.2"]), interface("eth1", ["fd01::2"]), interface("eth2", ["10.2.0.2"], up: false),
        ])
        #expect(
            endpoints == [
                Endpoint(host: "10.9.0.1", port: 4433, device: "wlan0", source: "192.168.1.2"),
                Endpoint(host: "10.9.0.1", port: 4433, device: "usb0", source: "10.1.0.2"),
            ])
    }

    @Test func interfacesThatComeAndGoOpenParkAndReviveTheirPath() throws {
        var plan = InterfacePlan(selection: .automatic, server: Self.server)
        _ = try plan.initialEndpoints([interface("a", ["10.1.0.2"]), interface("b", ["10.2.0.2"])])
        #expect(plan.update([interface("a", ["10.1.0.2"]), interface("b", ["10.2.0.2"])]).isEmpty)
        #expect(
            plan.update([interface("a", ["10.1.0.2"]), interface("b", ["10.2.0.2"]), interface("c", ["10.3.0.2"])])
                == [.open(pathID: 3, Endpoint(host: "10.9.0.1", port: 4433, device: "c", source: "10.3.0.2"))])
        #expect(
            plan.update([interface("a", ["10.1.0.2"]), interface("c", ["10.3.0.2"])])
                == [.park(pathID: 2, reason: "interface b is down or has no address")])
        #expect(plan.update([interface("a", ["10.1.0.2"]), interface("c", ["10.3.0.2"])]).isEmpty)
        #expect(
            plan.update([interface("a", ["10.1.0.9"]), interface("b", ["10.2.0.2"]), interface("c", ["10.3.0.2"])])
                == [
                    .park(pathID: 1, reason: "interface a changed address"), .revive(pathID: 1, source: "10.1.0.9"),
                    .revive(pathID: 2, source: "10.2.0.2"),
                ])
    }

    @Test func aListOpensOnlyTheNamedInterfacesAndNamesAMissingOne() throws {
        var plan = InterfacePlan(selection: .named(["usb0", "wlan0"]), server: Self.server)
        let endpoints = try plan.initialEndpoints([
            interface("wlan0", ["192.168.1.2"]), interface("usb0", ["10.1.0.2"]), interface("eth0", ["10.0.0.2"]),
        ])
        #expect(endpoints.map(\.device) == ["usb0", "wlan0"])
        var missing = InterfacePlan(selection: .named(["wwan0"]), server: Self.server)
        #expect(throws: EngineError.invalidArgument("no interface named 'wwan0' (or it has no address)")) {
            try missing.initialEndpoints([interface("eth0", ["10.0.0.2"])])
        }
    }

    @Test func noUsableInterfaceIsAClearError() {
        var plan = InterfacePlan(selection: .automatic, server: Endpoint(host: "fd00::1", port: 1))
        #expect(throws: EngineError.self) { try plan.initialEndpoints([interface("eth0", ["10.0.0.2"])]) }
    }

    @Test func pathsStopAtTheLimit() throws {
        var plan = InterfacePlan(selection: .automatic, server: Self.server, limit: 2)
        let all = (1...3).map { interface("e\($0)", ["10.\($0).0.2"]) }
        #expect(try plan.initialEndpoints(all).count == 2)
        #expect(plan.update(all).isEmpty)
    }

    @Test func theHostListsItsLoopbackInterface() {
        let loopback = NetworkInterface.current().first { $0.isLoopback }
        #expect(loopback?.addresses.contains("127.0.0.1") == true)
        #expect(NetworkInterface.holding("127.0.0.1") == loopback?.name)
    }
}
