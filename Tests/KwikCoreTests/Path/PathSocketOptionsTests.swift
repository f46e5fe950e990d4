@testable import KwikCore
import KwikTestSupport
import NIOCore
import NIOPosix
import Testing

#if canImport(Glibc)
import Glibc
#endif

extension Loopback {
    /// The options every path socket carries, read back from the kernel on a live session's two ends.
    @Suite struct PathSocketOptionsTests {
        struct Options: Equatable {
            var keepalive: SocketOptionValue
            var keepaliveIdle: SocketOptionValue
            var keepaliveInterval: SocketOptionValue
            var keepaliveProbes: SocketOptionValue
            var userTimeout: SocketOptionValue
            var noDelay: SocketOptionValue
        }

        /// Reads the options of `record`'s connection on its own loop.
        static func options(of record: PathRecord) async throws -> Options {
            let control = try #require(record.control)
            return try await control.eventLoop.submit {
                let channel = try #require(control.handler.value.context?.channel)
                let options = try #require(channel.syncOptions)
                func tcp(_ name: Int32) throws -> SocketOptionValue {
                    try options.getOption(.tcpOption(NIOBSDSocket.Option(rawValue: name)))
                }
                return Options(
                    keepalive: try options.getOption(.socketOption(.so_keepalive)),
                    keepaliveIdle: try tcp(TCP_KEEPIDLE), keepaliveInterval: try tcp(TCP_KEEPINTVL),
                    keepaliveProbes: try tcp(TCP_KEEPCNT), userTimeout: try tcp(TCP_USER_TIMEOUT),
                    noDelay: try tcp(TCP_NODELAY))
            }.get()
        }

        @Test func bothEndsOfAPathHaveKeepaliveAndTheUserTimeout() async throws {
            var configuration = EngineConfiguration()
            configuration.userTimeout = .milliseconds(7500)
            configuration.keepaliveIdle = .seconds(3)
            configuration.keepaliveInterval = .milliseconds(1500)
            configuration.keepaliveProbes = 4
            try await withLoopbackServer(ports: 1, configuration: configuration) { server, group in
                var options = clientOptions(ports: server.ports, totalBytes: 0)
                options.totalBytes = nil
                options.configuration = configuration
                let client = try await SessionClient.connect(options, group: group, logger: quietLogger)
                let joined = await eventually { server.registry.activeSessions.first?.connectedPathCount == 1 }
                #expect(joined, "the server's end of the path did not join")
                let serverSession = try #require(server.registry.activeSessions.first)
                // Keepalive times go in whole seconds, rounded up.
                let expected = Options(
                    keepalive: 1, keepaliveIdle: 3, keepaliveInterval: 2, keepaliveProbes: 4, userTimeout: 7500,
                    noDelay: 1)
                #expect(try await Self.options(of: client.session.pathRecord(1)) == expected)
                #expect(try await Self.options(of: serverSession.pathRecord(1)) == expected)
                client.session.finish()
                try await awaitCompletion(client.session)
            }
        }
    }
}
