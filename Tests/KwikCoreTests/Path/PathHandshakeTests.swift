@testable import KwikCore
import KwikSnapshot
import NIOCore
import Testing

/// A path connection's life as a pure value: the handshake on either side, the joined path, its end.
@Suite struct PathHandshakeTests {
    static let hello = PathHandshakeClientTests.hello()
    static let ping = Frame.ping(Heartbeat(timestamp: 9))

    /// A client whose path has joined its session.
    static func joinedClient() -> PathHandshake {
        var handshake = PathHandshake.client(hello: hello)
        _ = handshake.channelActive()
        _ = handshake.received(PathHandshakeClientTests.ack(for: hello))
        return handshake
    }

    @Test func aClientJoinsThenForwardsControlFrames() {
        var handshake = PathHandshake.client(hello: Self.hello)
        #expect(handshake.channelActive() == .send(.hello(Self.hello)))
        #expect(!handshake.isJoined)
        guard case .join = handshake.received(PathHandshakeClientTests.ack(for: Self.hello)) else {
            Issue.record("expected a join")
            return
        }
        #expect(handshake.isJoined)
        #expect(handshake.received(Self.ping) == .forward(Self.ping))
        let goodbye = Frame.goodbye(Goodbye(reason: .done, message: "done"))
        #expect(handshake.received(goodbye) == .forward(goodbye))
    }

    @Test func aServerJoinsOnceAdmitted() {
        var handshake = PathHandshake.server(receiveWindow: 64)
        #expect(handshake.channelActive() == .nothing)
        #expect(handshake.received(.hello(Self.hello)) == .admit(Self.hello))
        #expect(handshake.admitted(secret: [1]) != .nothing)
        #expect(handshake.isJoined)
        #expect(handshake.received(Self.ping) == .forward(Self.ping))
    }

    @Test func aSecondHandshakeOrStrayDataClosesAJoinedPathOnce() {
        var handshake = Self.joinedClient()
        let hello = Frame.hello(Self.hello)
        #expect(handshake.received(hello) == .fail(PathFailure(reason: "unexpected hello after the handshake")))
        #expect(handshake.received(hello) == .nothing)
        #expect(handshake.received(Self.ping) == .forward(Self.ping), "frames already sent still count")
        #expect(handshake.channelInactive(overTLS: false) == .disconnected(.closedByPeer))
    }

    @Test func anErrorOnAJoinedPathClosesItWithoutAJoinError() {
        var handshake = Self.joinedClient()
        let failure = PathFailure(reason: "frame too large", joinError: .tls("x"), limit: .frameSize)
        #expect(handshake.failed(failure) == .fail(PathFailure(reason: "frame too large", limit: .frameSize)))
        #expect(handshake.failed(failure) == .nothing, "what follows the close is its echo")
        #expect(handshake.channelInactive(overTLS: false) == .disconnected(.closedByPeer))
    }

    @Test func aTimeoutFailsOnlyAHandshakeUnderWay() {
        var client = PathHandshake.client(hello: Self.hello)
        _ = client.channelActive()
        let reason = "no handshake within \(TimeAmount.seconds(5))"
        let failure = PathFailure(reason: reason, joinError: .protocolError(reason), limit: .handshakeTimeout)
        #expect(client.timedOut(after: .seconds(5)) == .fail(failure))
        #expect(client.channelInactive(overTLS: false) == .nothing, "the join has already failed")
        var server = PathHandshake.server(receiveWindow: 64)
        #expect(server.timedOut(after: .seconds(5)) == .fail(PathFailure(reason: reason, limit: .handshakeTimeout)))
        var joined = Self.joinedClient()
        #expect(joined.timedOut(after: .seconds(5)) == .nothing)
    }

    @Test func aPoliteCloseIsADisabledPath() {
        var handshake = Self.joinedClient()
        let goodbye = Goodbye(reason: .shutdown, message: "bye")
        #expect(handshake.close(goodbye: goodbye) == .close(goodbye: goodbye))
        #expect(handshake.channelInactive(overTLS: false) == .disconnected(.disabled))
        #expect(handshake.channelInactive(overTLS: false) == .nothing)
    }

    @Test func aKillResetsAndSilencesWhatFollows() {
        var handshake = Self.joinedClient()
        #expect(handshake.kill() == .reset)
        #expect(handshake.failed(PathFailure(reason: "TLS: unclean shutdown")) == .nothing)
        #expect(handshake.channelInactive(overTLS: true) == .disconnected(.killed))
    }

    @Test func closeAndKillNeedAJoinedPath() {
        var handshake = PathHandshake.server(receiveWindow: 64)
        #expect(handshake.close(goodbye: nil) == .nothing)
        #expect(handshake.kill() == .nothing)
    }

    @Test func aRefusedServerConnectionIgnoresEverythingAfter() {
        var handshake = PathHandshake.server(receiveWindow: 64)
        _ = handshake.received(.hello(Self.hello))
        let goodbye = Goodbye(reason: .unauthorized, message: "bad proof")
        #expect(handshake.refused(.unauthorized, "bad proof") == .refuse(goodbye))
        #expect(handshake.received(.hello(Self.hello)) == .nothing, "no second HELLO while the GOODBYE goes out")
        #expect(handshake.timedOut(after: .seconds(1)) == .nothing)
        #expect(handshake.channelInactive(overTLS: false) == .nothing)
    }

    @Test func aClientLosingItsConnectionWhileJoiningFailsTheJoin() {
        var handshake = PathHandshake.client(hello: Self.hello)
        _ = handshake.channelActive()
        guard case .failJoin(.connectionClosed) = handshake.channelInactive(overTLS: true) else {
            Issue.record("expected the join to fail")
            return
        }
        #expect(handshake.received(PathHandshakeClientTests.ack(for: Self.hello)) == .nothing)
    }
}
