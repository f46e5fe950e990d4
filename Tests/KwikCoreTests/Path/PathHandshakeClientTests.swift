@testable import KwikCore
import Testing

/// The client's side of the handshake as a pure value.
@Suite struct PathHandshakeClientTests {
    static let parameters = SessionParameters(
        direction: .download, totalBytes: 1 << 20, packetSize: 1024, seed: 3, receiveWindow: 32)
    static let secret = [UInt8](repeating: 7, count: 32)

    static func hello(_ kind: Hello.Kind = .create, pathID: UInt16 = 2) -> Hello {
        Hello(kind: kind, sessionID: SessionID(high: 1, low: 2), pathID: pathID, parameters: parameters)
    }

    static func ack(for hello: Hello, version: UInt16 = ProtocolVersion.current) -> Frame {
        .helloAck(
            HelloAck(
                version: version, sessionID: hello.sessionID, pathID: hello.pathID, receiveWindow: 64, secret: secret))
    }

    /// A client that has sent its HELLO.
    static func sentHello(_ hello: Hello = hello()) -> PathHandshake.Client {
        var client = PathHandshake.Client(hello: hello)
        _ = client.channelActive()
        return client
    }

    @Test func sendsHelloOnceActive() {
        var client = PathHandshake.Client(hello: Self.hello())
        #expect(client.channelActive() == .send(.hello(Self.hello())))
        #expect(client.state == .awaitingAck)
        #expect(client.channelActive() == .nothing)
    }

    @Test func ackJoinsWithThePeerWindowAndTheSecretOfTheSessionItCreated() {
        var client = Self.sentHello()
        let join = PathHandshake.Join(pathID: 2, peerWindow: 64, secret: Self.secret)
        #expect(client.received(Self.ack(for: Self.hello())) == .join(join))
        #expect(client.state == .done)
    }

    @Test func aJoiningPathLearnsNoSecret() {
        let hello = Self.hello(.join)
        var client = Self.sentHello(hello)
        #expect(client.received(Self.ack(for: hello)) == .join(.init(pathID: 2, peerWindow: 64)))
    }

    @Test func anotherProtocolVersionIsRefused() {
        var client = Self.sentHello()
        let action = client.received(Self.ack(for: Self.hello(), version: ProtocolVersion.current + 1))
        let message =
            "the server speaks protocol version \(ProtocolVersion.current + 1), this client \(ProtocolVersion.current)"
        #expect(action == .fail(PathFailure(joinError: .refused(message))))
    }

    @Test func ackForAnotherSessionOrPathIsRefused() {
        let message = "the server acknowledged another session or path"
        let refusal = PathHandshake.Action.fail(PathFailure(joinError: .refused(message)))
        var otherSession = Self.sentHello()
        let foreign = HelloAck(sessionID: SessionID(high: 9, low: 9), pathID: 2, receiveWindow: 64)
        #expect(otherSession.received(.helloAck(foreign)) == refusal)
        var otherPath = Self.sentHello()
        #expect(otherPath.received(Self.ack(for: Self.hello(pathID: 3))) == refusal)
    }

    @Test func goodbyeIsARefusal() {
        var client = Self.sentHello()
        let action = client.received(.goodbye(Goodbye(reason: .limitReached, message: "too many sessions")))
        #expect(action == .fail(PathFailure(joinError: .refused("too many sessions"))))
    }

    @Test func anythingElseFirstIsAProtocolError() {
        var client = Self.sentHello()
        let reason = "expected HELLO_ACK first, got ping"
        let failure = PathFailure(reason: reason, joinError: .protocolError(reason))
        #expect(client.received(.ping(Heartbeat(timestamp: 1))) == .fail(failure))
        #expect(client.received(Self.ack(for: Self.hello())) == .nothing, "the handshake is over")
    }

    @Test func errorsFailTheJoinWithTheirOwnErrorOrAProtocolError() {
        var tls = Self.sentHello()
        let certificate = PathFailure(reason: "TLS: expired", joinError: .tls("expired"))
        #expect(tls.failed(certificate) == .fail(certificate))
        var wire = Self.sentHello()
        let tooLarge = PathFailure(reason: "too large", limit: .frameSize)
        let failure = PathFailure(reason: "too large", joinError: .protocolError("too large"), limit: .frameSize)
        #expect(wire.failed(tooLarge) == .fail(failure))
        #expect(wire.failed(tooLarge) == .nothing)
    }

    @Test func aClosedConnectionFailsTheJoinWithAHintWithoutTLS() {
        let client = Self.sentHello()
        let closed = "the server closed the connection during the handshake"
        #expect(client.channelInactive(overTLS: true) == .failJoin(.connectionClosed(closed)))
        let hint = " (a server that expects TLS does this to a plaintext client)"
        #expect(client.channelInactive(overTLS: false) == .failJoin(.connectionClosed(closed + hint)))
    }

    @Test func aClosedConnectionAfterTheOutcomeSaysNothing() {
        var client = Self.sentHello()
        _ = client.received(.goodbye(Goodbye(reason: .shutdown, message: "bye")))
        #expect(client.channelInactive(overTLS: false) == .nothing)
    }
}
