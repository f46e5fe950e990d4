@testable import KwikCore
import Testing

/// The server's side of the handshake as a pure value.
@Suite struct PathHandshakeServerTests {
    static let secret = [UInt8](repeating: 5, count: 32)
    static let session = SessionID(high: 3, low: 4)

    static func hello(_ kind: Hello.Kind = .create, version: UInt16 = ProtocolVersion.current) -> Hello {
        let parameters = SessionParameters(
            direction: .upload, totalBytes: 1 << 20, packetSize: 1024, seed: 1, receiveWindow: 16)
        return Hello(version: version, kind: kind, sessionID: Self.session, pathID: 4, parameters: parameters)
    }

    @Test func helloGoesToTheRegistry() {
        var server = PathHandshake.Server(receiveWindow: 128)
        #expect(server.received(.hello(Self.hello())) == .admit(Self.hello()))
        #expect(server.state == .admitting(Self.hello()))
        #expect(server.received(.hello(Self.hello())) == .nothing, "one HELLO per connection")
    }

    @Test func admissionAcknowledgesWithTheWindowAndTheSecretOfACreatedSession() {
        var server = PathHandshake.Server(receiveWindow: 128)
        _ = server.received(.hello(Self.hello()))
        let ack = HelloAck(sessionID: Self.session, pathID: 4, receiveWindow: 128, secret: Self.secret)
        #expect(server.admitted(secret: Self.secret) == .join(.init(pathID: 4, acknowledgement: ack)))
        #expect(server.state == .done)
    }

    @Test func aJoinIsAcknowledgedWithoutTheSecret() {
        var server = PathHandshake.Server(receiveWindow: 128)
        _ = server.received(.hello(Self.hello(.join)))
        var asked = false
        let action = server.admitted(
            secret: {
                asked = true
                return Self.secret
            }())
        let ack = HelloAck(sessionID: Self.session, pathID: 4, receiveWindow: 128)
        #expect(action == .join(.init(pathID: 4, acknowledgement: ack)))
        #expect(!asked)
    }

    @Test func anotherProtocolVersionGetsVersionMismatch() {
        var server = PathHandshake.Server(receiveWindow: 128)
        let current = ProtocolVersion.current
        let message = "server speaks protocol version \(current), client sent version \(current + 1)"
        #expect(
            server.received(.hello(Self.hello(version: ProtocolVersion.current + 1)))
                == .refuse(Goodbye(reason: .versionMismatch, message: message)))
        #expect(server.state == .done)
    }

    @Test func aRefusalSaysGoodbyeWithTheRegistrysReason() {
        var server = PathHandshake.Server(receiveWindow: 128)
        _ = server.received(.hello(Self.hello(.join)))
        let goodbye = Goodbye(reason: .unknownSession, message: "unknown session")
        #expect(server.refused(.unknownSession, "unknown session") == .refuse(goodbye))
        #expect(server.admitted(secret: Self.secret) == .nothing)
    }

    @Test func anythingButHelloFirstCloses() {
        var server = PathHandshake.Server(receiveWindow: 128)
        let failure = PathFailure(reason: "expected HELLO first, got pong")
        #expect(server.received(.pong(Heartbeat(timestamp: 1))) == .fail(failure))
        #expect(server.received(.hello(Self.hello())) == .nothing)
    }

    @Test func anErrorClosesWithoutAJoinError() {
        var server = PathHandshake.Server(receiveWindow: 128)
        let failure = PathFailure(reason: "TLS: no shared cipher", joinError: .tls("no shared cipher"))
        #expect(server.failed(failure) == .fail(PathFailure(reason: "TLS: no shared cipher")))
        #expect(server.failed(failure) == .nothing)
    }

    @Test func theRegistryAnswersOnce() {
        var server = PathHandshake.Server(receiveWindow: 128)
        _ = server.received(.hello(Self.hello()))
        #expect(server.refused(.limitReached, "full") == .refuse(Goodbye(reason: .limitReached, message: "full")))
        #expect(server.refused(.limitReached, "full") == .nothing)
    }
}
