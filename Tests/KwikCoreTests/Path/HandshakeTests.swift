@testable import KwikCore
import KwikTestSupport
import NIOConcurrencyHelpers
import NIOCore
import NIOEmbedded
import Testing

/// The server's side of the handshake, driven through a real server-role pipeline in an EmbeddedChannel.
@Suite struct HandshakeTests {
    let registry = SessionRegistry(configuration: EngineConfiguration(), logger: quietLogger)

    func serverChannel() throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try PathPipeline.configure(
            channel, role: .server(registry), profile: nil, configuration: registry.configuration, logger: quietLogger)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 4433)).wait()
        return channel
    }

    static func hello(
        version: UInt16 = ProtocolVersion.current, kind: Hello.Kind, pathID: UInt16 = 1, packetSize: UInt32 = 16 * 1024
    ) -> Frame {
        .hello(
            Hello(
                version: version, kind: kind, sessionID: .random(), pathID: pathID,
                parameters: SessionParameters(
                    direction: .download, totalBytes: 1 << 20, packetSize: packetSize, seed: 1, receiveWindow: 64)))
    }

    /// Sends `hello` and returns the frames the server answered with.
    func answer(to hello: Frame, on channel: EmbeddedChannel) throws -> [Frame] {
        try channel.writeInbound(encoded([hello]))
        var bytes = ByteBufferAllocator().buffer(capacity: 64)
        while var part = try channel.readOutbound(as: ByteBuffer.self) { bytes.writeBuffer(&part) }
        var frames: [Frame] = []
        while let frame = try FrameParser().next(from: &bytes) { frames.append(frame) }
        #expect(bytes.readableBytes == 0)
        return frames
    }

    func expectGoodbye(
        _ frames: [Frame], _ reason: Goodbye.Reason, mentioning text: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard frames.count == 1, case .goodbye(let goodbye) = frames[0] else {
            Issue.record("expected one GOODBYE, got \(frames)", sourceLocation: sourceLocation)
            return
        }
        #expect(goodbye.reason == reason, sourceLocation: sourceLocation)
        #expect(goodbye.message.contains(text), "\(goodbye.message)", sourceLocation: sourceLocation)
    }

    @Test func anotherProtocolVersionGetsVersionMismatch() throws {
        let channel = try serverChannel()
        let frames = try answer(to: Self.hello(version: ProtocolVersion.current + 1, kind: .create), on: channel)
        expectGoodbye(frames, .versionMismatch, mentioning: "version \(ProtocolVersion.current + 1)")
        #expect(!channel.isActive, "the server closes the connection after GOODBYE")
        #expect(registry.activeSessions.isEmpty)
        #expect(try channel.finish(acceptAlreadyClosed: true).isClean)
    }

    @Test func joinForAnUnknownSessionIsRefused() throws {
        let channel = try serverChannel()
        let frames = try answer(to: Self.hello(kind: .join, pathID: 2), on: channel)
        expectGoodbye(frames, .unknownSession, mentioning: "unknown session")
        #expect(!channel.isActive)
        #expect(registry.refusedJoins == 1)
        #expect(try channel.finish(acceptAlreadyClosed: true).isClean)
    }

    @Test func pathIDZeroAndBadParametersAreProtocolErrors() throws {
        for (hello, text) in [
            (Self.hello(kind: .create, pathID: 0), "path id 0"),
            (Self.hello(kind: .create, packetSize: 0), "packet size"),
        ] {
            let channel = try serverChannel()
            expectGoodbye(try answer(to: hello, on: channel), .protocolError, mentioning: text)
            #expect(try channel.finish(acceptAlreadyClosed: true).isClean)
        }
        #expect(registry.refusedJoins == 2)
    }

    @Test func anythingButHelloFirstClosesTheConnection() throws {
        let channel = try serverChannel()
        let frames = try answer(to: .ping(Heartbeat(timestamp: 1)), on: channel)
        #expect(frames.isEmpty)
        #expect(!channel.isActive)
        #expect(try channel.finish(acceptAlreadyClosed: true).isClean)
    }

    @Test func garbageClosesTheConnection() throws {
        let channel = try serverChannel()
        _ = try? channel.writeInbound(byteBuffer([0xFF, 0x00, 0x13, 0x37, 0x01, 0x02, 0x03]))
        #expect(!channel.isActive)
        #expect(registry.activeSessions.isEmpty)
        #expect(try channel.finish(acceptAlreadyClosed: true).isClean)
    }
}

/// The client's side of the handshake against a scripted server.
@Suite struct ClientHandshakeTests {
    struct Fixture {
        let channel = EmbeddedChannel()
        let session: Session
        let hello: Hello
        let joined: EventLoopPromise<Void>

        init() throws {
            let parameters = SessionParameters(
                direction: .download, totalBytes: 1 << 20, packetSize: 1024, seed: 3, receiveWindow: 32)
            session = Session(
                id: .random(), role: .client, parameters: parameters, configuration: EngineConfiguration(),
                homeLoop: channel.embeddedEventLoop, logger: quietLogger)
            hello = Hello(kind: .create, sessionID: session.id, pathID: 1, parameters: parameters)
            joined = channel.eventLoop.makePromise()
            try PathPipeline.configure(
                channel, role: .client(session: session, hello: hello, joined: joined), profile: nil,
                configuration: EngineConfiguration(), logger: quietLogger)
            try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 4433)).wait()
        }

        func written() throws -> [Frame] {
            var bytes = ByteBufferAllocator().buffer(capacity: 64)
            while var part = try channel.readOutbound(as: ByteBuffer.self) { bytes.writeBuffer(&part) }
            var frames: [Frame] = []
            while let frame = try FrameParser().next(from: &bytes) { frames.append(frame) }
            return frames
        }

        /// Ends the session and the connection, so that neither outlives the test.
        func finish() throws -> EmbeddedChannel.LeftOverState {
            session.fail("test over")
            return try channel.finish(acceptAlreadyClosed: true)
        }

        /// The embedded loop completes the promise synchronously, so the result is already there.
        func refusal() -> EngineError? {
            let failure = NIOLockedValueBox<EngineError?>(nil)
            joined.futureResult.whenFailure { error in failure.withLockedValue { $0 = error as? EngineError } }
            return failure.withLockedValue { $0 }
        }
    }

    @Test func sendsHelloFirst() throws {
        let fixture = try Fixture()
        #expect(try fixture.written() == [.hello(fixture.hello)])
        #expect(try fixture.finish().isClean)
    }

    @Test func anotherServerVersionIsRefused() throws {
        let fixture = try Fixture()
        _ = try fixture.written()
        let ack = HelloAck(
            version: ProtocolVersion.current + 1, sessionID: fixture.session.id, pathID: 1, receiveWindow: 64)
        try fixture.channel.writeInbound(encoded([.helloAck(ack)]))
        let error = try #require(fixture.refusal())
        #expect("\(error)".contains("version \(ProtocolVersion.current + 1)"), "\(error)")
        #expect(!fixture.channel.isActive)
        #expect(try fixture.finish().isClean)
    }

    @Test func goodbyeDuringTheHandshakeIsARefusal() throws {
        let fixture = try Fixture()
        _ = try fixture.written()
        try fixture.channel.writeInbound(
            encoded([.goodbye(Goodbye(reason: .limitReached, message: "too many sessions"))]))
        #expect(fixture.refusal() == .refused("too many sessions"))
        #expect(!fixture.channel.isActive)
        #expect(try fixture.finish().isClean)
    }

    @Test func ackForAnotherSessionIsRefused() throws {
        let fixture = try Fixture()
        _ = try fixture.written()
        try fixture.channel.writeInbound(
            encoded([.helloAck(HelloAck(sessionID: .random(), pathID: 1, receiveWindow: 64))]))
        #expect(fixture.refusal() == .refused("the server acknowledged another session or path"))
        #expect(try fixture.finish().isClean)
    }
}
