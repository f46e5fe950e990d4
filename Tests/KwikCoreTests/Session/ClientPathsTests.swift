@testable import KwikCore
import NIOCore
import Testing

struct ClientPathsTests {
    /// A name that resolves to several servers: once one path reached one of them, every reconnect and
    /// every later path to that name goes there, each on its own port.
    @Test func aHostNameKeepsToTheAddressItFirstReached() throws {
        var paths = ClientPaths(endpoints: [
            Endpoint(host: "multi.example", port: 4433), Endpoint(host: "multi.example", port: 4434),
            Endpoint(host: "10.0.0.1", port: 4435),
        ])
        #expect(paths.target(of: 2)?.1 == nil, "nothing reached yet: the name is resolved")
        paths.reached(try SocketAddress(ipAddress: "192.0.2.7", port: 4433), by: 1)
        paths.reached(try SocketAddress(ipAddress: "192.0.2.9", port: 4434), by: 2)
        #expect(paths.target(of: 1)?.1 == (try SocketAddress(ipAddress: "192.0.2.7", port: 4433)))
        #expect(paths.target(of: 2)?.1 == (try SocketAddress(ipAddress: "192.0.2.7", port: 4434)))
        #expect(paths.target(of: 3)?.1 == nil, "an address needs no resolving")
        #expect(paths.target(of: 4) == nil)
    }
}
