@testable import KwikCore
import KwikTestSupport
import NIOCore
import NIOEmbedded

/// The server's side: up to four connections at once (reopened after a close, up to eight in all)
/// into real server-role path pipelines sharing one registry and one embedded event loop, driven by a
/// script of `FuzzStep`s. `handshake` sends a well-formed create HELLO, `variant` a join that proves the
/// secret of a session the server created earlier in the same input (or, on request, fails to).
/// Checked, besides that nothing traps and whatever the server writes decodes:
/// - the server writes nothing before a complete HELLO, and answers it with HELLO_ACK (same session
///   and path, the secret only for a create) or GOODBYE (version mismatch exactly when the version
///   differs), then closes after a GOODBYE or after a first frame that is not a HELLO;
/// - a connection with no handshake is closed once the handshake timeout has passed;
/// - no more sessions than the limit, no more paths per session than the limit;
/// - once every connection is gone and the orphan timeout has passed, the registry is empty, and
///   nothing the input created leaks (LeakSanitizer checks after each input).
final class ServerTarget: ScriptedTarget {
    private static let slots = 4
    private static let maximumConnections = 8

    private let loop = EmbeddedEventLoop()
    private let registry = SessionRegistry(configuration: fuzzConfiguration, logger: fuzzLogger)
    private var connections: [PeerConnection?] = Array(repeating: nil, count: ServerTarget.slots)
    private var all: [PeerConnection] = []
    /// Session secrets from HELLO_ACKs to creates, so joins can prove them.
    private var secrets: [(session: SessionID, secret: [UInt8])] = []
    /// Next global sequence of DATA sent to each session.
    private var nextGlobal: [SessionID: UInt64] = [:]

    static func run(_ input: inout FuzzInput) {
        ServerTarget().play(&input)
    }

    func perform(_ step: FuzzStep, _ input: inout FuzzInput) {
        switch step.action {
        case .send:
            let count = Int(input.byte()) + 1
            connection(step.connection)?.send(ByteBuffer(bytes: input.bytes(upTo: count)))
        case .handshake:
            let parameters = SessionParameters(
                direction: SessionParameters.Direction(rawValue: input.byte() % 3)!,
                totalBytes: UInt64(input.byte()) * 64,
                packetSize: UInt32(input.byte()) * 2, seed: 1, receiveWindow: UInt32(input.byte()))
            let session = SessionID(high: 0, low: UInt64(input.byte()))
            let hello = Hello(
                kind: .create, sessionID: session, pathID: UInt16(input.byte() % 8), parameters: parameters)
            connection(step.connection)?.send([.hello(hello)])
        case .variant:
            let choice = input.byte()
            let path = UInt16(input.byte() % 8)
            let nonce = [UInt8](repeating: input.byte(), count: JoinProof.nonceLength)
            let known = secrets.isEmpty ? nil : secrets[Int(choice & 0x0F) % secrets.count]
            let session = known?.session ?? SessionID(high: 0, low: UInt64(choice))
            var proof = JoinProof.proof(
                secret: known?.secret ?? JoinProof.zeroProof, session: session, path: path, nonce: nonce)
            if choice & 0x40 != 0 { proof[0] ^= 1 }
            let parameters = SessionParameters(
                direction: .both, totalBytes: 0, packetSize: 1, seed: 1, receiveWindow: 1)
            let hello = Hello(
                kind: .join, sessionID: session, pathID: path, standby: choice & 0x80 != 0, parameters: parameters,
                nonce: nonce, proof: proof)
            connection(step.connection)?.send([.hello(hello)])
        case .close:
            connections[step.connection]?.channel.close(promise: nil)
        case .wait:
            loop.advanceTime(by: FuzzStep.delay(input.byte()))
        case .toggleWritable:
            connections[step.connection]?.toggleWritable()
        case .acknowledge:
            guard let connection = connections[step.connection] else { return }
            connection.send([connection.acknowledgement(window: input.byte())])
        case .sendData:
            let count = Int(input.byte() % 4) + 1
            let length = Int(input.byte())
            guard let connection = connections[step.connection], let session = connection.session else { return }
            let first = nextGlobal[session, default: 0]
            nextGlobal[session] = first + UInt64(count)
            connection.send(connection.data(count: count, length: length, first: first))
        case .control:
            let frame = ControlFrames.frame(&input)
            connection(step.connection)?.send([frame])
        }
        loop.run()
    }

    /// The connection in `slot`, opened (again) if it is not open, while the input may open more.
    private func connection(_ slot: Int) -> PeerConnection? {
        if let open = connections[slot], open.channel.isActive { return open }
        guard all.count < Self.maximumConnections else { return nil }
        let channel = EmbeddedChannel(loop: loop)
        do {
            try PathPipeline.configure(
                channel, role: .server(registry), profile: nil, configuration: fuzzConfiguration, logger: fuzzLogger)
            try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 40_000 + all.count)).wait()
        } catch {
            fatalError("cannot set up a server path: \(error)")
        }
        let connection = PeerConnection(channel: channel, openedAt: loop.now)
        connections[slot] = connection
        all.append(connection)
        return connection
    }

    func check() {
        for connection in all {
            let answered = connection.firstReceived != nil
            for (index, frame) in connection.collect().enumerated() {
                if index == 0 && !answered {
                    checkAnswer(frame, on: connection)
                } else {
                    checkLater(frame, on: connection)
                }
            }
            checkOpen(connection)
        }
        let sessions = registry.activeSessions
        invariant(sessions.count <= fuzzConfiguration.maximumSessions, "\(sessions.count) sessions exceed the limit")
        for session in sessions {
            SessionInvariants.check(session)
            invariant(
                session.pathCount <= fuzzConfiguration.maximumPaths,
                "session \(session.id) has \(session.pathCount) paths")
        }
    }

    private func checkAnswer(_ frame: Frame, on connection: PeerConnection) {
        guard case .success(.hello(let hello)) = connection.firstSent else {
            fatalError("the server wrote \(frame.type) before a HELLO")
        }
        switch frame {
        case .helloAck(let ack):
            invariant(hello.version == ProtocolVersion.current, "the server accepted protocol version \(hello.version)")
            invariant(
                ack.version == ProtocolVersion.current && ack.sessionID == hello.sessionID
                    && ack.pathID == hello.pathID,
                "HELLO_ACK \(ack) does not answer \(hello)")
            invariant(
                (ack.secret != JoinProof.zeroProof) == (hello.kind == .create),
                "HELLO_ACK to a \(hello.kind) with secret \(ack.secret)")
            if hello.kind == .create { secrets.append((hello.sessionID, ack.secret)) }
            connection.session = hello.sessionID
        case .goodbye(let goodbye):
            invariant(
                (goodbye.reason == .versionMismatch) == (hello.version != ProtocolVersion.current),
                "GOODBYE(\(goodbye.reason)) to a HELLO of version \(hello.version)")
        default:
            fatalError("the server answered HELLO with \(frame.type)")
        }
    }

    private func checkLater(_ frame: Frame, on connection: PeerConnection) {
        guard case .helloAck = connection.firstReceived else {
            fatalError("the server wrote \(frame.type) after refusing the path")
        }
        switch frame {
        case .hello, .helloAck: fatalError("the server wrote another \(frame.type) after the handshake")
        default: break
        }
    }

    private func checkOpen(_ connection: PeerConnection) {
        guard connection.channel.isActive else { return }
        if case .goodbye = connection.firstReceived { fatalError("the server refused a path and left it open") }
        switch connection.firstSent {
        case .failure(let error): fatalError("a first frame failing with \(error) left the path open")
        case .success(let frame) where frame.type != .hello:
            fatalError("a first frame \(frame.type) left the path open")
        default: break
        }
        if connection.firstReceived == nil {
            invariant(
                loop.now - connection.openedAt < fuzzConfiguration.handshakeTimeout,
                "a path without a handshake outlived the handshake timeout")
        }
    }

    /// Every connection goes; past the orphan timeout the server must have forgotten every session.
    func end() {
        for connection in all { connection.channel.close(promise: nil) }
        loop.run()
        check()
        loop.advanceTime(by: fuzzConfiguration.orphanTimeout + .seconds(1))
        let left = registry.activeSessions
        invariant(left.isEmpty, "sessions \(left.map(\.id)) outlived every path and the orphan timeout")
        for connection in all { connection.finish() }
        do {
            try loop.syncShutdownGracefully()
        } catch {
            fatalError("the embedded loop did not shut down: \(error)")
        }
    }
}
