@testable import KwikCore
import KwikSnapshot
import KwikTestSupport
import NIOCore
import NIOEmbedded
import Testing

/// What a server lets a connection have before its path joins a session, through real server-role
/// pipelines in EmbeddedChannels: a place among at most 3 such connections (2 per address), frames no
/// longer than a HELLO; after the join, frames up to the maximum frame size.
@Suite struct PreHandshakeLimitsTests {
    static let maximumFrameLength = 2048
    let registry: SessionRegistry
    let log = LogRecorder()

    init() {
        var configuration = EngineConfiguration()
        configuration.maximumPendingHandshakes = 3
        configuration.maximumPendingPerSource = 2
        configuration.maximumFrameLength = Self.maximumFrameLength
        configuration.packetSize = Self.maximumFrameLength - Frame.dataHeaderSize
        registry = SessionRegistry(configuration: configuration, logger: quietLogger)
    }

    func connection(from address: String) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try PathPipeline.configure(
            channel, role: .server(registry), profile: nil, configuration: registry.configuration, logger: log.logger)
        // An embedded channel's remote address is where it connects to.
        try channel.connect(to: SocketAddress(ipAddress: address, port: 40_000)).wait()
        return channel
    }

    var hello: Frame {
        .hello(
            Hello(
                kind: .create, sessionID: .random(), pathID: 1,
                parameters: SessionParameters(
                    direction: .upload, totalBytes: 0, packetSize: UInt32(registry.configuration.packetSize),
                    seed: 1, receiveWindow: 64)))
    }

    /// Sends a HELLO and says whether the server answered with HELLO_ACK.
    func join(_ channel: EmbeddedChannel) throws -> Bool {
        try channel.writeInbound(encoded([hello]))
        var bytes = ByteBufferAllocator().buffer(capacity: 64)
        while var part = try channel.readOutbound(as: ByteBuffer.self) { bytes.writeBuffer(&part) }
        guard case .helloAck? = try FrameParser().next(from: &bytes) else { return false }
        return true
    }

    /// Ends the sessions the test created and the connections still open.
    func finish(_ channels: [EmbeddedChannel]) throws {
        registry.activeSessions.forEach { $0.fail("test over") }
        for channel in channels { _ = try channel.finish(acceptAlreadyClosed: true) }
    }

    @Test func aConnectionHoldsAPlaceUntilItsPathJoins() throws {
        let channel = try connection(from: "10.0.0.1")
        #expect(registry.handshakes.pendingCount == 1)
        #expect(try join(channel))
        #expect(registry.handshakes.pendingCount == 0)
        #expect(throws: ChannelPipelineError.notFound) {
            try channel.pipeline.syncOperations.handler(type: HandshakeAdmission.self)
        }
        try finish([channel])
    }

    @Test func aConnectionClosedBeforeItsHandshakeGivesItsPlaceBack() throws {
        let channel = try connection(from: "10.0.0.1")
        try channel.close().wait()
        #expect(registry.handshakes.pendingCount == 0)
        #expect(registry.limits.current == LimitHits())
        try finish([channel])
    }

    @Test func theOldestConnectionsMakeWayAndANewcomerJoins() throws {
        let a1 = try connection(from: "10.0.0.1")
        let a2 = try connection(from: "10.0.0.1")
        let a3 = try connection(from: "10.0.0.1")
        #expect(!a1.isActive, "the oldest from 10.0.0.1 made way")
        let b1 = try connection(from: "10.0.0.2")
        let c1 = try connection(from: "10.0.0.3")
        #expect(!a2.isActive, "the oldest of all made way")
        #expect([a3, b1, c1].allSatisfy { $0.isActive })
        #expect(registry.limits.current == LimitHits([.handshakesPerSource: 1, .handshakesPending: 1]))
        #expect(try join(c1), "the newest connection's HELLO is answered")
        #expect(registry.handshakes.pendingCount == 2)
        try finish([a1, a2, a3, b1, c1])
    }

    @Test func theBoundBeforeTheJoinIsExactlyAHello() throws {
        var frame = encoded([hello])
        #expect(frame.readInteger(as: UInt32.self) == UInt32(HandshakeFrameLimit.fromClient))
        #expect(FuzzTarget.maximumFrameLengths.contains(HandshakeFrameLimit.fromClient), "the fuzzer tries it too")
    }

    @Test func aFrameLongerThanAHelloBeforeTheJoinClosesTheConnection() throws {
        let channel = try connection(from: "10.0.0.1")
        let bound = HandshakeFrameLimit.fromClient
        // Only the length: the server refuses before anything else of the frame has arrived.
        try channel.writeInbound(ByteBuffer(integer: UInt32(bound + 1)))
        #expect(!channel.isActive)
        let reason = "\(WireError.frameTooLarge(length: UInt32(bound + 1), maximum: bound))"
        #expect(log.warnings.contains { $0.contains("(before handshake)") && $0.contains(reason) }, "\(log.warnings)")
        #expect(registry.limits.current == LimitHits([.frameSize: 1]))
        #expect(registry.handshakes.pendingCount == 0)
        try finish([channel])
    }

    @Test func afterTheJoinFramesUpToTheMaximumFrameSizePass() throws {
        let channel = try connection(from: "10.0.0.1")
        #expect(try join(channel))
        let session = try #require(registry.activeSessions.first)
        let packetSize = registry.configuration.packetSize
        let data = Frame.data(
            DataFrame(
                header: DataHeader(globalSequence: 0, pathSequence: 1, sentAt: 0),
                payload: ByteBuffer(repeating: 7, count: packetSize)))
        try channel.writeInbound(encoded([data]))
        #expect(session.pathRecord(1).counters.rxBytes.load(ordering: .relaxed) == UInt64(packetSize))
        #expect(channel.isActive)
        #expect(registry.limits.current == LimitHits())
        let beyond = UInt32(Self.maximumFrameLength + 1)
        try channel.writeInbound(ByteBuffer(integer: beyond))
        #expect(!channel.isActive)
        let reason = "\(WireError.frameTooLarge(length: beyond, maximum: Self.maximumFrameLength))"
        #expect(log.warnings.contains { $0.contains("closing path 1") && $0.contains(reason) }, "\(log.warnings)")
        #expect(registry.limits.current == LimitHits([.frameSize: 1]))
        try finish([channel])
    }
}
