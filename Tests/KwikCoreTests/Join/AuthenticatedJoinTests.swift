@testable import KwikCore
import KwikSnapshot
import KwikTestSupport
import NIOCore
import NIOEmbedded
import Testing

@Suite struct JoinProofTests {
    let secret = JoinProof.secret()
    let session = SessionID.random()
    let nonce = JoinProof.nonce()

    @Test func aProofHoldsOnlyForItsSecretSessionPathAndNonce() {
        let proof = JoinProof.proof(secret: secret, session: session, path: 3, nonce: nonce)
        #expect(proof.count == JoinProof.proofLength)
        #expect(JoinProof.isValid(proof, secret: secret, session: session, path: 3, nonce: nonce))
        #expect(!JoinProof.isValid(proof, secret: JoinProof.secret(), session: session, path: 3, nonce: nonce))
        #expect(!JoinProof.isValid(proof, secret: secret, session: .random(), path: 3, nonce: nonce))
        #expect(!JoinProof.isValid(proof, secret: secret, session: session, path: 4, nonce: nonce))
        #expect(!JoinProof.isValid(proof, secret: secret, session: session, path: 3, nonce: JoinProof.nonce()))
        #expect(!JoinProof.isValid(JoinProof.zeroProof, secret: secret, session: session, path: 3, nonce: nonce))
    }

    @Test func secretsAndNoncesAreFresh() {
        #expect(JoinProof.secret() != JoinProof.secret())
        #expect(JoinProof.nonce() != JoinProof.nonce())
    }
}

extension Loopback {
    @Suite struct AuthenticatedJoinTests {
        private let parameters = SessionParameters(
            direction: .download, totalBytes: 0, packetSize: 16384, seed: 1, receiveWindow: 256)

        @Test func joinsMustProveTheSecretOnce() throws {
            let registry = SessionRegistry(configuration: EngineConfiguration(), logger: quietLogger)
            let loop = EmbeddedEventLoop()
            let id = SessionID.random()
            guard
                case .success(let session) = registry.admit(
                    Hello(kind: .create, sessionID: id, pathID: 1, parameters: parameters), eventLoop: loop)
            else {
                Issue.record("create refused")
                return
            }
            // What the client learns from HELLO_ACK.
            let client = Session(
                id: id, role: .client, parameters: parameters, configuration: EngineConfiguration(), homeLoop: loop,
                logger: quietLogger)
            client.learnSecret(session.secret)
            let join = client.joinHello(pathID: 2, standby: false)
            guard case .success = registry.admit(join, eventLoop: loop) else {
                Issue.record("a proper join was refused")
                return
            }
            guard case .failure(let replay) = registry.admit(join, eventLoop: loop) else {
                Issue.record("a replayed join was admitted")
                return
            }
            #expect(replay.reason == .unauthorized && replay.message.contains("replayed"))
            var forged = join
            forged.nonce = JoinProof.nonce()
            guard case .failure(let bad) = registry.admit(forged, eventLoop: loop) else {
                Issue.record("a join with a proof for another nonce was admitted")
                return
            }
            #expect(bad.reason == .unauthorized && bad.message.contains("did not prove"))
            #expect(registry.refusalsByReason == [.unauthorized: 2])
            #expect(
                registry.refusalCounts == [
                    "version_mismatch": 0, "unknown_session": 0, "protocol_error": 0, "limit_reached": 0,
                    "unauthorized": 2, "shutdown": 0,
                ])
            session.fail("test over")
            client.fail("test over")
            try loop.syncShutdownGracefully()
        }

        @Test(.timeLimit(.minutes(1)))
        func aForgedJoinIsRefusedAndTheTransferGoesOn() async throws {
            var configuration = EngineConfiguration()
            configuration.profiles = [1: ImpairmentProfile(rate: 400e6), 2: ImpairmentProfile(rate: 400e6)]
            try await withLoopbackServer(ports: 2, configuration: configuration) { server, group in
                let client = try await SessionClient.connect(
                    clientOptions(ports: server.ports, totalBytes: 32 << 20), group: group, logger: quietLogger)
                let session = client.session
                // Someone who knows the session id but not the secret tries to add path 2 and a new path 3.
                for path: UInt16 in [2, 3] {
                    let forged = Frame.hello(
                        Hello(
                            kind: .join, sessionID: session.id, pathID: path, parameters: session.parameters,
                            nonce: JoinProof.nonce(), proof: JoinProof.secret()))
                    let answer = try await withTimeout("the server to refuse a forged join") {
                        try await ServerRefusalTests.rawExchange(forged, port: server.ports[1], group: group)
                    }
                    guard case .goodbye(let goodbye)? = answer.first else {
                        Issue.record("expected GOODBYE, got \(answer)")
                        return
                    }
                    #expect(goodbye.reason == .unauthorized)
                }
                try await awaitCompletion(session)
                let snapshot = session.snapshot()
                #expect(snapshot.verifiedBytes == 32 << 20 && snapshot.corruptBytes == 0)
                #expect(snapshot.failovers.isEmpty, "the forged joins disturbed the session: \(snapshot.failovers)")
                #expect(server.registry.refusalsByReason[.unauthorized] == 2)
            }
        }
    }
}
