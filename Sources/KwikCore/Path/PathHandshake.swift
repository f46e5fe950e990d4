import KwikSnapshot
import NIOCore

/// A path connection from its first frame to its end: the handshake, as `Client` or `Server`, then the
/// joined path until the connection is gone. It takes what happens on the connection and returns what to
/// do; the path's handler does it.
struct PathHandshake {
    enum Action: Equatable {
        case nothing
        /// Writes and flushes a frame: the client's HELLO.
        case send(Frame)
        /// Asks the registry whether the HELLO may join; its answer comes back as `admitted` or `refused`.
        case admit(Hello)
        /// Joins the session (the client's own, or the one the registry admitted into); a client's join succeeds.
        case join(Join)
        /// A control frame of a joined path, for the session and the liveness.
        case forward(Frame)
        /// Logs the refusal, says GOODBYE and closes once it is written.
        case refuse(Goodbye)
        /// Closes for the failure: logs its reason, counts its limit, fails a joining client with its error.
        case fail(PathFailure)
        /// Fails a joining client's promise; the connection is already gone.
        case failJoin(EngineError)
        /// Closes a joined path at this end's request, GOODBYE first when given.
        case close(goodbye: Goodbye?)
        /// Resets the connection: the peer sees a TCP RST.
        case reset
        /// A joined connection is gone: the session hears why.
        case disconnected(FailoverCause)
    }

    /// What joining takes besides the session.
    struct Join: Equatable {
        var pathID: Int
        /// The server's HELLO_ACK, written before joining and flushed after.
        var acknowledgement: HelloAck?
        /// The server's receive window, as the client learned it.
        var peerWindow: UInt64?
        /// The session secret, learned by the client that created the session.
        var secret: [UInt8]?
    }

    private enum State {
        case client(Client)
        case server(Server)
        /// `closing` says why, once this end closes the connection.
        case joined(closing: FailoverCause?)
        /// Refused or failed before joining, or gone: nothing is left to do.
        case over
    }

    private var state: State

    static func client(hello: Hello) -> PathHandshake {
        PathHandshake(state: .client(Client(hello: hello)))
    }

    static func server(receiveWindow: UInt32) -> PathHandshake {
        PathHandshake(state: .server(Server(receiveWindow: receiveWindow)))
    }

    var isJoined: Bool {
        if case .joined = state { return true }
        return false
    }

    mutating func channelActive() -> Action {
        shakingHands(client: { $0.channelActive() }, server: { _ in .nothing }) ?? .nothing
    }

    mutating func received(_ frame: Frame) -> Action {
        if let action = shakingHands(client: { $0.received(frame) }, server: { $0.received(frame) }) { return action }
        guard case .joined(let closing) = state else { return .nothing }
        switch frame {
        case .hello, .helloAck, .data:
            guard closing == nil else { return .nothing }
            return failJoined(PathFailure(reason: "unexpected \(frame.type) after the handshake"))
        case .dataAck, .ping, .pong, .pathStatus, .stats, .goodbye, .failover, .scheduler:
            return .forward(frame)
        }
    }

    /// The registry admitted the server's HELLO into a session with `secret`.
    mutating func admitted(secret: @autoclosure () -> [UInt8]) -> Action {
        shakingHands(client: { _ in .nothing }, server: { $0.admitted(secret: secret()) }) ?? .nothing
    }

    mutating func refused(_ reason: Goodbye.Reason, _ message: String) -> Action {
        shakingHands(client: { _ in .nothing }, server: { $0.refused(reason, message) }) ?? .nothing
    }

    mutating func timedOut(after timeout: TimeAmount) -> Action {
        let failure = PathFailure(reason: "no handshake within \(timeout)", limit: .handshakeTimeout)
        return shakingHands(client: { $0.failed(failure) }, server: { $0.failed(failure) }) ?? .nothing
    }

    /// An error reached the handler. Once this end is closing the connection, what follows is its echo.
    mutating func failed(_ failure: PathFailure) -> Action {
        if let action = shakingHands(client: { $0.failed(failure) }, server: { $0.failed(failure) }) { return action }
        guard case .joined(closing: nil) = state else { return .nothing }
        return failJoined(PathFailure(reason: failure.reason, limit: failure.limit))
    }

    mutating func close(goodbye: Goodbye?) -> Action {
        guard case .joined = state else { return .nothing }
        state = .joined(closing: .disabled)
        return .close(goodbye: goodbye)
    }

    mutating func kill() -> Action {
        guard case .joined = state else { return .nothing }
        state = .joined(closing: .killed)
        return .reset
    }

    mutating func channelInactive(overTLS: Bool) -> Action {
        defer { state = .over }
        switch state {
        case .client(let client): return client.channelInactive(overTLS: overTLS)
        case .server, .over: return .nothing
        case .joined(let closing): return .disconnected(closing ?? .closedByPeer)
        }
    }

    /// A path closed for the peer's fault counts as closed by the peer.
    private mutating func failJoined(_ failure: PathFailure) -> Action {
        state = .joined(closing: .closedByPeer)
        return .fail(failure)
    }

    /// Hands an event to the side still shaking hands, nil once it is over; a join moves on to the joined
    /// path, a refusal or a failure ends the connection.
    private mutating func shakingHands(
        client: (inout Client) -> Action, server: (inout Server) -> Action
    ) -> Action? {
        let action: Action
        switch state {
        case .client(var machine):
            action = client(&machine)
            state = .client(machine)
        case .server(var machine):
            action = server(&machine)
            state = .server(machine)
        case .joined, .over:
            return nil
        }
        switch action {
        case .join: state = .joined(closing: nil)
        case .refuse, .fail, .failJoin: state = .over
        default: break
        }
        return action
    }
}
