import NIOCore

extension PathHandshake {
    /// The server's side of the handshake: a HELLO of its protocol version goes to the registry, which
    /// admits it into a session (answered with HELLO_ACK) or refuses it (answered with GOODBYE).
    /// Anything but a HELLO first, or a timeout, closes the connection.
    struct Server {
        enum State: Equatable {
            case awaitingHello
            case admitting(Hello)
            case done
        }

        /// Announced in HELLO_ACK.
        let receiveWindow: UInt32
        private(set) var state = State.awaitingHello

        init(receiveWindow: UInt32) {
            self.receiveWindow = receiveWindow
        }

        mutating func received(_ frame: Frame) -> Action {
            guard state == .awaitingHello else { return .nothing }
            guard case .hello(let hello) = frame else {
                state = .done
                return .fail(PathFailure(reason: "expected HELLO first, got \(frame.type)"))
            }
            guard hello.version == ProtocolVersion.current else {
                state = .done
                let message =
                    "server speaks protocol version \(ProtocolVersion.current), client sent version \(hello.version)"
                return .refuse(Goodbye(reason: .versionMismatch, message: message))
            }
            state = .admitting(hello)
            return .admit(hello)
        }

        /// Only the path that creates a session learns its secret.
        mutating func admitted(secret: @autoclosure () -> [UInt8]) -> Action {
            guard case .admitting(let hello) = state else { return .nothing }
            state = .done
            let ack = HelloAck(
                sessionID: hello.sessionID, pathID: hello.pathID, receiveWindow: receiveWindow,
                secret: hello.kind == .create ? secret() : JoinProof.zeroProof)
            return .join(Join(pathID: Int(hello.pathID), acknowledgement: ack))
        }

        mutating func refused(_ reason: Goodbye.Reason, _ message: String) -> Action {
            guard case .admitting = state else { return .nothing }
            state = .done
            return .refuse(Goodbye(reason: reason, message: message))
        }

        mutating func failed(_ failure: PathFailure) -> Action {
            guard state != .done else { return .nothing }
            state = .done
            return .fail(PathFailure(reason: failure.reason, limit: failure.limit))
        }
    }
}
