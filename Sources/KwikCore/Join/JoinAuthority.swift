import NIOConcurrencyHelpers

/// Who may add a path to a session: the per-session secret (made by the server, learnt by the client
/// from the first HELLO_ACK) and the nonces already used, since a join is good once.
final class JoinAuthority: Sendable {
    enum Verdict: Equatable {
        case admitted
        case badProof
        case replayed
    }

    private struct State {
        var secret: [UInt8]
        var nonces: Set<[UInt8]> = []
    }

    private let state: NIOLockedValueBox<State>

    /// - Parameter makesSecret: true on the server, which creates the secret with the session.
    init(makesSecret: Bool) {
        state = NIOLockedValueBox(State(secret: makesSecret ? JoinProof.secret() : JoinProof.zeroProof))
    }

    var secret: [UInt8] { state.withLockedValue { $0.secret } }

    func learn(_ secret: [UInt8]) {
        state.withLockedValue { $0.secret = secret }
    }

    /// A `join` HELLO for path `pathID` of `session`, with a fresh proof of the secret.
    func joinHello(session: SessionID, pathID: Int, standby: Bool, parameters: SessionParameters) -> Hello {
        let nonce = JoinProof.nonce()
        let proof = JoinProof.proof(secret: secret, session: session, path: UInt16(pathID), nonce: nonce)
        return Hello(
            kind: .join, sessionID: session, pathID: UInt16(pathID), standby: standby, parameters: parameters,
            nonce: nonce,
            proof: proof)
    }

    /// Checks a join's proof; a good one uses its nonce up.
    func verify(_ hello: Hello, session: SessionID) -> Verdict {
        state.withLockedValue { state in
            guard
                JoinProof.isValid(
                    hello.proof, secret: state.secret, session: session, path: hello.pathID, nonce: hello.nonce)
            else { return .badProof }
            return state.nonces.insert(hello.nonce).inserted ? .admitted : .replayed
        }
    }
}
