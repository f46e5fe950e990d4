@testable import KwikCore
import KwikTestSupport
import NIOCore
import NIOEmbedded

/// The client's side: one client-role path pipeline whose HELLO (create or join, parameters from the
/// input) the fuzzer answers, driven by the same `FuzzStep`s on connection 0. `handshake` sends a
/// HELLO_ACK (with the version, session or path wrong on request), `variant` a GOODBYE. Checked,
/// besides that nothing traps and whatever the client writes decodes:
/// - the client writes its HELLO first and never another HELLO or a HELLO_ACK;
/// - the join promise succeeds only on a HELLO_ACK of the same version, session and path as the
///   HELLO, and a failed join leaves the connection closed;
/// - the promise is always completed, and nothing leaks once the session ends.
/// Input: [direction][total bytes / 64][packet size][window][kind and path][steps...].
final class ClientTarget: ScriptedTarget {
    private let loop = EmbeddedEventLoop()
    private let session: Session
    private let hello: Hello
    private let joined: EventLoopPromise<Void>
    private var outcome: Result<Void, any Error>?
    private let connection: PeerConnection
    private var nextGlobal: UInt64 = 0

    private init(_ input: inout FuzzInput) {
        let parameters = SessionParameters(
            direction: SessionParameters.Direction(rawValue: input.byte() % 3)!, totalBytes: UInt64(input.byte()) * 64,
            packetSize: UInt32(input.byte()) + 1, seed: 2, receiveWindow: UInt32(input.byte()) + 1)
        session = Session(
            id: SessionID(high: 1, low: 2), role: .client, parameters: parameters, configuration: fuzzConfiguration,
            homeLoop: loop,
            logger: fuzzLogger)
        let shape = input.byte()
        let path = Int((shape >> 1) % 4) + 1
        hello =
            shape & 1 == 0
            ? Hello(kind: .create, sessionID: session.id, pathID: UInt16(path), parameters: parameters)
            : session.joinHello(pathID: path, standby: shape & 0x80 != 0)
        joined = loop.makePromise()
        let channel = EmbeddedChannel(loop: loop)
        connection = PeerConnection(channel: channel, openedAt: loop.now)
        joined.futureResult.whenComplete { [self] result in outcome = result }
        do {
            try PathPipeline.configure(
                channel, role: .client(session: session, hello: hello, joined: joined), profile: nil,
                configuration: fuzzConfiguration,
                logger: fuzzLogger)
            try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 4433)).wait()
        } catch {
            fatalError("cannot set up a client path: \(error)")
        }
    }

    static func run(_ input: inout FuzzInput) {
        ClientTarget(&input).play(&input)
    }

    func perform(_ step: FuzzStep, _ input: inout FuzzInput) {
        switch step.action {
        case .send:
            let count = Int(input.byte()) + 1
            connection.send(ByteBuffer(bytes: input.bytes(upTo: count)))
        case .handshake:
            let flaws = input.byte()
            let ack = HelloAck(
                version: ProtocolVersion.current &+ UInt16(flaws & 1),
                sessionID: flaws & 2 == 0 ? hello.sessionID : SessionID(high: 0, low: 0),
                pathID: hello.pathID &+ UInt16(flaws >> 2 & 1), receiveWindow: UInt32(input.byte()),
                secret: [UInt8](repeating: input.byte(), count: JoinProof.proofLength))
            connection.send([.helloAck(ack)])
        case .variant:
            let reason = Goodbye.Reason.allCases[Int(input.byte()) % Goodbye.Reason.allCases.count]
            connection.send([.goodbye(Goodbye(reason: reason, message: "refused"))])
        case .close:
            connection.channel.close(promise: nil)
        case .wait:
            loop.advanceTime(by: FuzzStep.delay(input.byte()))
        case .toggleWritable:
            connection.toggleWritable()
        case .acknowledge:
            connection.send([connection.acknowledgement(window: input.byte())])
        case .sendData:
            let count = Int(input.byte() % 4) + 1
            let frames = connection.data(count: count, length: Int(input.byte()), first: nextGlobal)
            nextGlobal += UInt64(count)
            connection.send(frames)
        case .control:
            connection.send([ControlFrames.frame(&input)])
        }
        loop.run()
    }

    func check() {
        SessionInvariants.check(session)
        let wasFirst = connection.firstReceived == nil
        for (index, frame) in connection.collect().enumerated() {
            if index == 0 && wasFirst {
                invariant(frame == .hello(hello), "the client opened with \(frame), not its HELLO")
            } else if frame.type == .hello || frame.type == .helloAck {
                fatalError("the client wrote \(frame.type) after its HELLO")
            }
        }
        switch outcome {
        case .success:
            guard case .success(.helloAck(let ack)) = connection.firstSent else {
                fatalError("the client joined without a HELLO_ACK first")
            }
            invariant(
                ack.version == ProtocolVersion.current && ack.sessionID == hello.sessionID
                    && ack.pathID == hello.pathID,
                "the client joined on \(ack), for \(hello)")
        case .failure:
            invariant(!connection.channel.isActive, "a failed join left the connection open")
        case nil:
            break
        }
    }

    func end() {
        connection.channel.close(promise: nil)
        loop.run()
        check()
        invariant(outcome != nil, "the join promise was never completed")
        session.fail("input over")
        loop.run()
        connection.finish()
        do {
            try loop.syncShutdownGracefully()
        } catch {
            fatalError("the embedded loop did not shut down: \(error)")
        }
    }
}
