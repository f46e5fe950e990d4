import KwikCore
import KwikTestSupport
import NIOCore
import NIOPosix

/// A bad peer on one connection to a server port, checking that the server refuses it as it should.
struct HostilePeer {
    enum Mode: String, CaseIterable {
        case garbage, truncated, version, unknown, huge

        var summary: String {
            switch self {
            case .garbage: "random bytes, then expects the server to close"
            case .truncated: "half a HELLO, then closes"
            case .version: "a HELLO with protocol version 99; expects GOODBYE(version mismatch)"
            case .unknown: "a join for a session that does not exist; expects GOODBYE(unknown session)"
            case .huge: "a frame header advertising 4 GiB; expects the server to close"
            }
        }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let mode: Mode
    let port: Int
    /// How long the server has to answer or close.
    var timeout: Duration = .seconds(10)

    func play() async throws {
        let connection = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let mode = mode
        try await withTimeout("the server's answer to \(mode.rawValue)", timeout) {
            try await connection.executeThenClose { inbound, outbound in
                // A server that closes first may make the write fail: what follows reads that close.
                try? await outbound.write(ByteBuffer(bytes: Self.opening(mode)))
                var answers = inbound.makeAsyncIterator()
                switch mode {
                case .truncated: return
                case .garbage, .huge: try await Self.expectClosed(&answers)
                case .version: try await Self.expectGoodbye(.versionMismatch, &answers)
                case .unknown: try await Self.expectGoodbye(.unknownSession, &answers)
                }
            }
        }
    }

    static func opening(_ mode: Mode) -> [UInt8] {
        switch mode {
        case .garbage:
            var random = SystemRandomNumberGenerator()
            return (0..<4096).map { _ in random.next() }
        case .truncated: return Array(wireBytes(hello(.create, version: ProtocolVersion.current)).prefix(20))
        case .version: return wireBytes(hello(.create, version: 99))
        case .unknown: return wireBytes(hello(.join, version: ProtocolVersion.current))
        case .huge: return frameHeader(length: .max, type: FrameType.data.rawValue)
        }
    }

    /// A HELLO for a fresh random session, with zeros for the join's nonce and proof (no secret known).
    static func hello(_ kind: Hello.Kind, version: UInt16) -> Frame {
        let parameters = SessionParameters(
            direction: .download, totalBytes: 1 << 20, packetSize: 16384, seed: 1, receiveWindow: 256)
        return .hello(Hello(version: version, kind: kind, sessionID: .random(), pathID: 1, parameters: parameters))
    }

    typealias Inbound = NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator

    /// Reads until the server closes; a reset counts as closed too.
    static func expectClosed(_ inbound: inout Inbound) async throws {
        do {
            while try await inbound.next() != nil {}
        } catch is IOError {}
    }

    static func expectGoodbye(_ reason: Goodbye.Reason, _ inbound: inout Inbound) async throws {
        var stream = FrameStream()
        var answer: Frame?
        while answer == nil, let bytes = try await inbound.next() {
            stream.append(bytes)
            answer = try stream.next()?.frame
        }
        guard case .goodbye(let goodbye) = answer else {
            throw Failure(description: "expected GOODBYE, got \(answer.map { "\($0)" } ?? "nothing")")
        }
        guard goodbye.reason == reason else {
            throw Failure(description: "GOODBYE reason \(goodbye.reason) (\(goodbye.message)), expected \(reason)")
        }
        say("refused as expected: \(goodbye.message)")
        try await expectClosed(&inbound)
    }
}
