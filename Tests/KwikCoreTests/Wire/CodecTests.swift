@testable import KwikCore
import KwikSnapshot
import KwikTestSupport
import NIOCore
import NIOEmbedded
import Testing

@Suite struct CodecTests {
    static let session = SessionID(high: 0x0123_4567_89AB_CDEF, low: 0xFEDC_BA98_7654_3210)

    /// One frame of every type, with distinctive field values.
    static let allFrames: [Frame] = [
        .hello(
            Hello(
                kind: .join, sessionID: session, pathID: 7, standby: true,
                parameters: SessionParameters(
                    direction: .both, totalBytes: 1 << 40, packetSize: 16384, seed: 0xDEAD_BEEF, receiveWindow: 256,
                    scheduler: .weighted, rate: 37_500_000))),
        .helloAck(HelloAck(sessionID: session, pathID: 7, receiveWindow: 512)),
        dataFrame(
            global: 0x1_0000_0001, path: 42, payload: Array(0..<200).map { UInt8(truncatingIfNeeded: $0 &* 7) },
            sentAt: 123_456),
        .dataAck(DataAck(cumulative: 99, window: 256, pathAck: 33)),
        .ping(Heartbeat(timestamp: 0xAABB_CCDD_EEFF_0011)),
        .pong(Heartbeat(timestamp: 5)),
        .pathStatus(PathStatus(pathID: 3, status: .disabled)),
        .stats(
            PeerSummary(
                deliveredBytes: 1, verifiedBytes: 2, corruptBytes: 3, deliveryOrderViolations: 4, duplicatesDropped: 5,
                orderingViolations: 6, scheduler: .redundant, peerWindow: 7, windowLimitedNanos: 8,
                paths: [
                    .init(pathID: 2),
                    .init(
                        pathID: 63, inFlightTarget: 9, deliveryRate: 10, minRTTNanos: 11, smoothedRTTNanos: 12,
                        headOfLineNanos: 13, opportunisticReinjections: 14),
                ])),
        .goodbye(Goodbye(reason: .versionMismatch, message: "déjà vu ✓")),
        .failover(FailoverNotice(pathID: 2, cause: .killed, packets: 10, bytes: 163_840, highestSequence: 777)),
        .scheduler(.roundrobin),
    ]

    @Test func everyFrameTypeIsCovered() {
        #expect(Set(Self.allFrames.map(\.type.rawValue)) == Set(FrameType.allCases.map(\.rawValue)))
    }

    @Test(arguments: allFrames)
    func roundTrip(_ frame: Frame) throws {
        var buffer = encoded([frame])
        let length = buffer.getInteger(at: 0, as: UInt32.self)!
        #expect(Int(length) + 4 == buffer.readableBytes)
        #expect(buffer.getInteger(at: 4, as: UInt8.self) == frame.type.rawValue)
        #expect(try FrameParser().bytesMissing(in: buffer) == 0)
        let decoded = try FrameParser().next(from: &buffer)
        #expect(decoded == frame)
        #expect(buffer.readableBytes == 0)
    }

    @Test func dataPayloadIsPreservedAndSliced() throws {
        let payload = (0..<1000).map { UInt8(truncatingIfNeeded: $0 * 31 + 5) }
        var buffer = encoded([dataFrame(global: 5, path: 6, payload: payload, sentAt: 9)])
        #expect(buffer.readableBytes == Frame.dataHeaderSize + payload.count)
        guard case .data(let data)? = try FrameParser().next(from: &buffer) else {
            Issue.record("not a DATA frame")
            return
        }
        #expect(data.header == DataHeader(globalSequence: 5, pathSequence: 6, sentAt: 9))
        #expect(Array(data.payload.readableBytesView) == payload)
        // An empty payload is legal too.
        var empty = encoded([dataFrame(global: 1, path: 1, payload: [])])
        guard case .data(let nothing)? = try FrameParser().next(from: &empty) else {
            Issue.record("not a DATA frame")
            return
        }
        #expect(nothing.payload.readableBytes == 0)
    }

    @Test func splitAtEveryByteBoundary() throws {
        let whole = encoded(Self.allFrames)
        let bytes = Array(whole.readableBytesView)
        let parser = FrameParser()
        for split in 0...bytes.count {
            var buffer = byteBuffer(Array(bytes[..<split]))
            var frames: [Frame] = []
            while let frame = try parser.next(from: &buffer) { frames.append(frame) }
            buffer.writeBytes(bytes[split...])
            while let frame = try parser.next(from: &buffer) { frames.append(frame) }
            #expect(frames == Self.allFrames, "split at \(split)")
            #expect(buffer.readableBytes == 0)
        }
    }

    @Test func fedOneByteAtATime() throws {
        let bytes = Array(encoded(Self.allFrames).readableBytesView)
        let parser = FrameParser()
        var buffer = ByteBufferAllocator().buffer(capacity: bytes.count)
        var frames: [Frame] = []
        for byte in bytes {
            buffer.writeInteger(byte)
            while let frame = try parser.next(from: &buffer) { frames.append(frame) }
        }
        #expect(frames == Self.allFrames)
    }

    @Test(arguments: allFrames)
    func truncatedFrameReturnsNilAndConsumesNothing(_ frame: Frame) throws {
        let bytes = Array(encoded([frame]).readableBytesView)
        let parser = FrameParser()
        for prefix in 0..<bytes.count {
            var buffer = byteBuffer(Array(bytes[..<prefix]))
            #expect(try parser.next(from: &buffer) == nil)
            #expect(buffer.readerIndex == 0 && buffer.readableBytes == prefix)
            #expect(try parser.bytesMissing(in: buffer) == (prefix < 4 ? 4 - prefix : bytes.count - prefix))
        }
    }

    @Test func oversizedLengthIsRefusedBeforeBuffering() throws {
        let parser = FrameParser(maximumFrameLength: 1 << 20)
        // 4 GiB - 1 advertised, with just a type byte behind it.
        var buffer = byteBuffer([0xFF, 0xFF, 0xFF, 0xFF, FrameType.data.rawValue])
        #expect(throws: WireError.frameTooLarge(length: UInt32.max, maximum: 1 << 20)) {
            try parser.next(from: &buffer)
        }
        #expect(buffer.readerIndex == 0 && buffer.readableBytes == 5)
        #expect(throws: WireError.frameTooLarge(length: UInt32.max, maximum: 1 << 20)) {
            try parser.bytesMissing(in: buffer)
        }
        // The length alone is enough to refuse.
        var lengthOnly = byteBuffer([0x00, 0x10, 0x00, 0x01])
        #expect(throws: WireError.frameTooLarge(length: (1 << 20) + 1, maximum: 1 << 20)) {
            try parser.next(from: &lengthOnly)
        }
        #expect(throws: WireError.frameTooLarge(length: (1 << 20) + 1, maximum: 1 << 20)) {
            try parser.bytesMissing(in: lengthOnly)
        }
        // Exactly the maximum is fine: it waits for the rest.
        var atMaximum = byteBuffer([0x00, 0x10, 0x00, 0x00, FrameType.data.rawValue])
        #expect(try parser.next(from: &atMaximum) == nil)
        #expect(try parser.bytesMissing(in: atMaximum) == (1 << 20) - 1)
    }

    @Test func zeroLengthIsRefused() {
        var buffer = byteBuffer([0, 0, 0, 0, 0x05])
        #expect(throws: WireError.emptyFrame) { try FrameParser().next(from: &buffer) }
        #expect(throws: WireError.emptyFrame) { try FrameParser().bytesMissing(in: buffer) }
    }

    @Test(arguments: [UInt8(0x00), 0x0C, 0x7F, 0xFF])
    func unknownTypeIsRefused(_ type: UInt8) {
        var buffer = byteBuffer([0, 0, 0, 9, type, 1, 2, 3, 4, 5, 6, 7, 8])
        #expect(throws: WireError.unknownType(type)) { try FrameParser().next(from: &buffer) }
    }

    /// Replaces the body of `frame`'s encoding by `body` (fixing the length).
    static func reframed(_ type: FrameType, body: [UInt8]) -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: 5 + body.count)
        buffer.writeInteger(UInt32(1 + body.count))
        buffer.writeInteger(type.rawValue)
        buffer.writeBytes(body)
        return buffer
    }

    static func expectMalformed(
        _ buffer: ByteBuffer, _ type: FrameType, containing text: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        var buffer = buffer
        do {
            let frame = try FrameParser().next(from: &buffer)
            Issue.record("parsed \(String(describing: frame)) instead of refusing it", sourceLocation: sourceLocation)
        } catch let WireError.malformed(actualType, reason) {
            #expect(actualType == type, sourceLocation: sourceLocation)
            #expect(reason.contains(text), "\(reason)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func wrongBodySizeIsMalformed() {
        for frame in Self.allFrames {
            var body = Array(encoded([frame]).readableBytesView.dropFirst(5))
            guard frame.type != .data else { continue }
            body.append(0)
            Self.expectMalformed(Self.reframed(frame.type, body: body), frame.type, containing: "trailing")
            body.removeLast(2)
            Self.expectMalformed(
                Self.reframed(frame.type, body: body), frame.type,
                containing: frame.type == .goodbye ? "runs past" : "too short")
        }
        // DATA has no trailing bytes (the payload runs to the end) but its header must be whole.
        Self.expectMalformed(
            Self.reframed(.data, body: Array(repeating: 1, count: DataHeader.encodedSize - 1)), .data,
            containing: "too short")
        // A GOODBYE whose string length runs past the frame.
        Self.expectMalformed(Self.reframed(.goodbye, body: [0, 0, 10, 65, 66]), .goodbye, containing: "runs past")
        // A body with nothing at all after the type byte.
        Self.expectMalformed(Self.reframed(.ping, body: []), .ping, containing: "too short")
    }

    @Test func invalidEnumValueIsMalformed() {
        Self.expectMalformed(Self.reframed(.pathStatus, body: [0, 1, 3]), .pathStatus, containing: "invalid")
        Self.expectMalformed(Self.reframed(.goodbye, body: [200, 0, 0]), .goodbye, containing: "invalid")
        var hello = Array(encoded([Self.allFrames[0]]).readableBytesView.dropFirst(5))
        hello[2] = 9  // kind, after the u16 version
        Self.expectMalformed(Self.reframed(.hello, body: hello), .hello, containing: "invalid")
        hello[2] = 1
        hello[2 + 1 + 16 + 2 + 1] = 3  // direction, after kind, session id, path id and flags
        Self.expectMalformed(Self.reframed(.hello, body: hello), .hello, containing: "invalid")
        // A FAILOVER whose cause no version of the protocol defines: the path id, then cause 4.
        let failover = [UInt8](repeating: 0, count: 2) + [4] + [UInt8](repeating: 0, count: 24)
        Self.expectMalformed(Self.reframed(.failover, body: failover), .failover, containing: "invalid Cause value 4")
        Self.expectMalformed(Self.reframed(.scheduler, body: [5]), .scheduler, containing: "invalid scheduler 5")
        var stats = Array(encoded([Self.allFrames[7]]).readableBytesView.dropFirst(5))
        stats[48] = 200  // the scheduler, after six u64 counts
        Self.expectMalformed(Self.reframed(.stats, body: stats), .stats, containing: "invalid scheduler 200")
    }

    @Test func frameEncoderWritesHeaderAndPayloadThatParseBack() throws {
        let channel = EmbeddedChannel(handler: FrameEncoder())
        let payload = (0..<3000).map { UInt8(truncatingIfNeeded: $0) }
        let data = dataFrame(global: 11, path: 3, payload: payload, sentAt: 77)
        try channel.writeOutbound(data)
        let header = try #require(try channel.readOutbound(as: ByteBuffer.self))
        let body = try #require(try channel.readOutbound(as: ByteBuffer.self))
        #expect(header.readableBytes == Frame.dataHeaderSize)
        #expect(Array(body.readableBytesView) == payload)
        for control in Self.allFrames where control.type != .data {
            try channel.writeOutbound(control)
        }
        var stream = header
        var rest = body
        stream.writeBuffer(&rest)
        while var part = try channel.readOutbound(as: ByteBuffer.self) { stream.writeBuffer(&part) }
        var frames: [Frame] = []
        while let frame = try FrameParser().next(from: &stream) { frames.append(frame) }
        #expect(frames == [data] + Self.allFrames.filter { $0.type != .data })
        #expect(try channel.finish().isClean)
    }
}
