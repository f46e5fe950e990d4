import NIOCore

extension PathHandshake {
    /// The client's side of the handshake: HELLO first, then HELLO_ACK for its own session and path, or a
    /// GOODBYE that refuses it. Everything else, a timeout included, fails the join.
    struct Client {
        enum State: Equatable {
            case opening
            case awaitingAck
            case done
        }

        let hello: Hello
        private(set) var state = State.opening

        init(hello: Hello) {
            self.hello = hello
        }

        mutating func channelActive() -> Action {
            guard state == .opening else { return .nothing }
            state = .awaitingAck
            return .send(.hello(hello))
        }

        mutating func received(_ frame: Frame) -> Action {
            guard state != .done else { return .nothing }
            state = .done
            switch frame {
            case .helloAck(let ack):
                guard ack.version == ProtocolVersion.current else {
                    let versions = "protocol version \(ack.version), this client \(ProtocolVersion.current)"
                    return refusal("the server speaks \(versions)")
                }
                guard ack.sessionID == hello.sessionID, ack.pathID == hello.pathID else {
                    return refusal("the server acknowledged another session or path")
                }
                let secret = hello.kind == .create ? ack.secret : nil
                return .join(Join(pathID: Int(hello.pathID), peerWindow: UInt64(ack.receiveWindow), secret: secret))
            case .goodbye(let goodbye):
                return refusal(goodbye.message)
            default:
                return failure(PathFailure(reason: "expected HELLO_ACK first, got \(frame.type)"))
            }
        }

        mutating func failed(_ failure: PathFailure) -> Action {
            guard state != .done else { return .nothing }
            state = .done
            return self.failure(failure)
        }

        func channelInactive(overTLS: Bool) -> Action {
            guard state != .done else { return .nothing }
            // A TLS server resets a plaintext client, often before its alert can be read.
            let hint = overTLS ? "" : " (a server that expects TLS does this to a plaintext client)"
            return .failJoin(.connectionClosed("the server closed the connection during the handshake\(hint)"))
        }

        /// The client reports a refusal itself, so it closes without a word.
        private func refusal(_ message: String) -> Action {
            .fail(PathFailure(joinError: .refused(message)))
        }

        /// Fails the join with the failure's error, a protocol error by default.
        private func failure(_ failure: PathFailure) -> Action {
            var failure = failure
            failure.joinError = failure.joinError ?? .protocolError(failure.reason ?? "")
            return .fail(failure)
        }
    }
}
