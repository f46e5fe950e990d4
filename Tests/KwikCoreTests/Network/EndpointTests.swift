import KwikCore
import Testing

struct EndpointTests {
    @Test func hostPortAndBindingOptionsAreParsed() throws {
        #expect(try Endpoint(parsing: "example.net:4433") == Endpoint(host: "example.net", port: 4433))
        #expect(try Endpoint(parsing: "[::1]:4434") == Endpoint(host: "::1", port: 4434))
        #expect(
            try Endpoint(parsing: "10.0.0.1:4433,dev=lo,src=127.0.0.1")
                == Endpoint(host: "10.0.0.1", port: 4433, device: "lo", source: "127.0.0.1"))
        #expect(try Endpoint(parsing: "[fd00::1]:1,src=[::1]").source == "::1")
        #expect(try Endpoint(parsing: "h:1,dev=lo").description == "h:1,dev=lo")
        #expect(try Endpoint(parsing: "[::1]:1,src=::1").description == "[::1]:1,src=[::1]")
    }

    @Test(arguments: [
        ("nowhere", "is not HOST:PORT"), ("h:0", "is not HOST:PORT"), (":4433", "has no host"),
        ("::1:4433", "goes in brackets"), ("h:1,dev=no-such-iface0", "no interface named 'no-such-iface0'"),
        ("h:1,dev=", "is not dev=IFACE"), ("h:1,via=x", "unknown option 'via'"),
        ("h:1,src=nine", "is not an IPv4 or IPv6 address"), ("10.0.0.1:1,src=::1", "different families"),
        ("h:1,dev=abcdefghijklmnopq", "longer than 15 bytes"),
    ])
    func aBadEndpointNamesTheProblem(text: String, message: String) {
        do {
            _ = try Endpoint(parsing: text)
            Issue.record("'\(text)' was accepted")
        } catch {
            #expect(error.description.contains(message), "\(error)")
        }
    }
}
