@testable import KwikCore
import KwikSnapshot
import NIOCore
import NIOPosix
import Testing

extension Loopback {
    /// Sessions whose paths speak TLS, over loopback, with the fixtures of `scripts/make-test-certs.sh`.
    @Suite struct TLSTests {
        static let fixtures: String = {
            let file = "\(#filePath)"
            let tests = file[..<file.range(of: "/KwikCoreTests/")!.lowerBound]
            return "\(tests)/Fixtures/tls"
        }()

        static func serverTLS() throws -> PathTLS {
            try PathTLS.server(certificateChain: "\(fixtures)/server.pem", privateKey: "\(fixtures)/server.key")
        }

        static func throttled() -> EngineConfiguration {
            var configuration = EngineConfiguration()
            for path in 1...4 { configuration.profiles[path] = ImpairmentProfile(rate: 100e6) }
            return configuration
        }

        /// A 4 MiB download over TLS to `host` that must verify every byte.
        func download(
            _ server: SessionServer, _ group: any EventLoopGroup, tls: PathTLS, host: String = "127.0.0.1"
        ) async throws {
            let expected: Encryption = tls.verifiesPeer ? .tls : .tlsUnverified
            var options = clientOptions(ports: server.ports, totalBytes: 4 << 20)
            options.endpoints = server.ports.map { Endpoint(host: host, port: $0) }
            options.tls = tls
            let client = try await SessionClient.connect(options, group: group, logger: quietLogger)
            try await awaitCompletion(client.session)
            expectIntact(client.session.snapshot(), total: 4 << 20)
            #expect(client.session.snapshot().encryption == expected)
            #expect(server.registry.handshakes.pendingCount == 0, "a joined TLS path still holds a handshake place")
        }

        /// Connects with `tls` and expects the first path to fail; returns the error.
        func failedConnect(
            _ server: SessionServer, _ group: any EventLoopGroup, tls: PathTLS?, host: String = "127.0.0.1"
        ) async -> EngineError? {
            var options = clientOptions(ports: server.ports, totalBytes: 1 << 20)
            options.endpoints = server.ports.map { Endpoint(host: host, port: $0) }
            options.tls = tls
            do {
                let client = try await SessionClient.connect(options, group: group, logger: quietLogger)
                client.session.fail("test over")
                return nil
            } catch {
                return error as? EngineError
            }
        }

        @Test func downloadOverFourTLSPathsSurvivesAKillAndABlackhole() async throws {
            let total: UInt64 = 64 << 20
            let snapshot = try await withLoopbackServer(configuration: Self.throttled(), tls: try Self.serverTLS()) {
                server, group in
                var options = clientOptions(ports: server.ports, totalBytes: total)
                options.tls = try PathTLS.client(trustRoots: "\(Self.fixtures)/ca.pem")
                let client = try await SessionClient.connect(options, group: group, logger: quietLogger)
                let session = client.session
                #expect(await eventually { session.verifier.current.delivered >= 2 << 20 })
                session.perform(.kill, onPath: 3)
                // The reconnect can beat any poll of the path's state; the failover log keeps the kill.
                #expect(
                    await eventually { session.snapshot().failovers.contains { $0.path == 3 && $0.cause == .killed } },
                    "the kill is noticed")
                #expect(
                    await eventually { session.connectedPathCount == 4 && session.sender.pathState(3) == .active },
                    "path 3 rejoins over TLS")
                session.perform(.blackhole, onPath: 2)
                #expect(
                    await eventually(timeout: .seconds(5)) { session.sender.pathState(2) == .stale },
                    "silence is detected under TLS")
                #expect(!(session.verifier.current.delivered >= total), "the transfer must outlast both actions")
                session.perform(.restore, onPath: 2)
                #expect(await eventually(timeout: .seconds(5)) { session.sender.pathState(2) == .active })
                #expect(server.registry.activeSessions.first?.snapshot().encryption == .tls)
                try await awaitCompletion(session, timeout: .seconds(60))
                return session.snapshot()
            }
            expectIntact(snapshot, total: total)
            #expect(snapshot.encryption == .tls)
            #expect(snapshot.failovers.contains { $0.path == 3 && $0.cause == .killed && $0.resumedAt != nil })
            #expect(snapshot.failovers.contains { $0.path == 2 && $0.cause == .stale && $0.resumedAt != nil })
        }

        @Test func aClientTrustingAnotherCAIsRefusedReadably() async throws {
            try await withLoopbackServer(tls: try Self.serverTLS()) { server, group in
                let error = await failedConnect(
                    server, group, tls: try PathTLS.client(trustRoots: "\(Self.fixtures)/other-ca.pem"))
                #expect(error == .tls("the server's certificate is not signed by a trusted CA (or has expired)"))
                #expect(server.registry.activeSessions.isEmpty)
            }
        }

        /// `elsewhere.pem` names kwik.example.org only: trusted, but not for 127.0.0.1, unless the client
        /// is told which name to expect.
        @Test func aCertificateForAnotherNameIsRefusedUnlessThatNameIsExpected() async throws {
            let tls = try PathTLS.server(
                certificateChain: "\(Self.fixtures)/elsewhere.pem", privateKey: "\(Self.fixtures)/elsewhere.key")
            try await withLoopbackServer(ports: 2, tls: tls) { server, group in
                let error = await failedConnect(
                    server, group, tls: try PathTLS.client(trustRoots: "\(Self.fixtures)/ca.pem"))
                #expect(error == .tls("the server's certificate does not carry the name or address connected to"))

                try await download(
                    server, group,
                    tls: try PathTLS.client(trustRoots: "\(Self.fixtures)/ca.pem", serverName: "kwik.example.org"))
            }
        }

        @Test func theCertificateIsCheckedAgainstAHostName() async throws {
            try await withLoopbackServer(ports: 2, tls: try Self.serverTLS()) { server, group in
                try await download(
                    server, group, tls: try PathTLS.client(trustRoots: "\(Self.fixtures)/ca.pem"), host: "localhost")
            }
        }

        @Test func anInsecureClientAcceptsAnyCertificate() async throws {
            try await withLoopbackServer(ports: 2, tls: try Self.serverTLS()) { server, group in
                let tls = try PathTLS.client(trustRoots: nil, verify: false)
                #expect(!tls.verifiesPeer)
                try await download(server, group, tls: tls)
            }
        }

        @Test func aPlaintextClientCannotJoinATLSServer() async throws {
            try await withLoopbackServer(ports: 1, tls: try Self.serverTLS()) { server, group in
                // The server's alert arrives, or its reset overtakes it: either way the client says TLS.
                let error = await failedConnect(server, group, tls: nil)
                #expect(
                    error == .tls("the peer speaks TLS and this end does not")
                        || "\(String(describing: error))".contains("expects TLS"))
                #expect(server.registry.activeSessions.isEmpty)
            }
        }

        @Test func aTLSClientToAPlaintextServerFailsAtTheHandshake() async throws {
            try await withLoopbackServer(ports: 1) { server, group in
                let error = await failedConnect(
                    server, group, tls: try PathTLS.client(trustRoots: "\(Self.fixtures)/ca.pem"))
                // The plaintext server reads the ClientHello as a frame far too large and closes.
                #expect(error == .tls("the peer closed the connection during the TLS handshake (does it speak TLS?)"))
                #expect(server.registry.activeSessions.isEmpty)
            }
        }

        @Test func badCertificateFilesAreNamed() throws {
            let missing = "\(Self.fixtures)/missing.pem"
            #expect(throws: EngineError.invalidArgument("TLS certificate chain \(missing): no such file or directory"))
            {
                try PathTLS.server(certificateChain: missing, privateKey: "\(Self.fixtures)/server.key")
            }
            #expect(
                throws: EngineError.invalidArgument(
                    "TLS certificate chain \(Self.fixtures)/server.key: not a readable PEM file")
            ) {
                try PathTLS.server(
                    certificateChain: "\(Self.fixtures)/server.key", privateKey: "\(Self.fixtures)/server.key")
            }
            #expect(
                throws: EngineError.invalidArgument("TLS private key \(Self.fixtures)/ca.pem: not a readable PEM file")
            ) {
                try PathTLS.server(
                    certificateChain: "\(Self.fixtures)/server.pem", privateKey: "\(Self.fixtures)/ca.pem")
            }
            #expect(throws: EngineError.invalidArgument("TLS CA file \(missing): no such file or directory")) {
                try PathTLS.client(trustRoots: missing)
            }
        }

        @Test func aKeyThatDoesNotMatchItsCertificateIsRefused() throws {
            let error = #expect(throws: EngineError.self) {
                try PathTLS.server(
                    certificateChain: "\(Self.fixtures)/server.pem", privateKey: "\(Self.fixtures)/elsewhere.key")
            }
            #expect(
                error?.description.contains("the private key does not belong to the certificate") == true,
                "\(String(describing: error))")
        }
    }
}
