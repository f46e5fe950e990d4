import Glibc
import KwikMPTCP
import KwikSnapshot
import Testing

@testable import kwiktop

/// Follows the running kernel's path manager while this test makes an MPTCP connection on 127.0.0.1;
/// joining the events group takes CAP_NET_ADMIN, so it runs as root (as `.ci/run` does).
@Suite struct MPTCPEventFeedTests {
    static var canFollow: Bool { getuid() == 0 && MPTCPEnabled.read() == true }

    @Test(.enabled(if: canFollow)) func aLoopbackConnectionIsCreatedAndEstablished() throws {
        let feed = try MPTCPEventFeed { 7.5 }
        defer { feed.stop() }
        let listener = try Self.socket()
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        try withUnsafeMutablePointer(to: &address) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                try Self.check(bind(listener, raw, length) == 0 && listen(listener, 1) == 0, "bind, listen")
                try Self.check(getsockname(listener, raw, &length) == 0, "getsockname")
            }
        }
        let client = try Self.socket()
        defer { close(client) }
        try withUnsafePointer(to: &address) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                try Self.check(connect(client, raw, length) == 0, "connect")
            }
        }
        let server = accept(listener, nil, nil)
        try Self.check(server >= 0, "accept")
        defer { close(server) }
        // Data both ways: the connection is fully established at the MPTCP level.
        var byte: UInt8 = 1
        try Self.check(send(client, &byte, 1, 0) == 1 && recv(server, &byte, 1, 0) == 1, "client to server")
        try Self.check(send(server, &byte, 1, 0) == 1 && recv(client, &byte, 1, 0) == 1, "server to client")

        let port = UInt16(bigEndian: address.sin_port)
        var seen: [MPTCPEventFeed.Arrival] = []
        for _ in 0..<500 where !Self.bothEnds(established: seen, port: port) {
            seen += feed.take().events
            usleep(10_000)
        }
        #expect(Self.bothEnds(established: seen, port: port), "events seen: \(seen.map(\.event.kindName))")
        #expect(seen.allSatisfy { $0.time == 7.5 }, "timed by the feed's clock")
    }

    /// Both ends of the connection to `port` were created and established.
    static func bothEnds(established arrivals: [MPTCPEventFeed.Arrival], port: UInt16) -> Bool {
        let ours = arrivals.filter {
            [$0.event.attributes.sourcePort, $0.event.attributes.destinationPort].contains(port)
        }
        return ["created", "established"].allSatisfy { kind in ours.filter { $0.event.kindName == kind }.count == 2 }
    }

    struct Failure: Error { let what: String }

    static func check(_ condition: Bool, _ what: String) throws {
        guard condition else { throw Failure(what: "\(what): errno \(errno)") }
    }

    static func socket() throws -> Int32 {
        let descriptor = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), Int32(IPPROTO_MPTCP))
        try check(descriptor >= 0, "an MPTCP socket")
        return descriptor
    }
}
