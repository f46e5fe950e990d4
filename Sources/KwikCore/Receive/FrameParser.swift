import KwikSnapshot
import NIOCore

/// Parses frames out of a byte stream. The length is checked against `maximumFrameLength` as soon as
/// its four bytes are there, so an oversized frame is refused before anything is buffered for it.
/// A DATA payload comes back as a slice of the input: no copy, no allocation.
public struct FrameParser: Sendable {
    public static let lengthFieldSize = 4
    public let maximumFrameLength: Int

    public init(maximumFrameLength: Int = 1 << 20) {
        self.maximumFrameLength = maximumFrameLength
    }

    /// How many more bytes `buffer` needs before `next` can return a frame (0 when one is complete).
    public func bytesMissing(in buffer: ByteBuffer) throws -> Int {
        guard let length = buffer.getInteger(at: buffer.readerIndex, as: UInt32.self) else {
            return Self.lengthFieldSize - buffer.readableBytes
        }
        try check(length)
        return max(0, Self.lengthFieldSize + Int(length) - buffer.readableBytes)
    }

    /// The next complete frame, consumed from `buffer`; nil (consuming nothing) when it is incomplete.
    public func next(from buffer: inout ByteBuffer) throws -> Frame? {
        guard let length = buffer.getInteger(at: buffer.readerIndex, as: UInt32.self) else { return nil }
        try check(length)
        guard var body = buffer.getSlice(at: buffer.readerIndex + Self.lengthFieldSize, length: Int(length)),
            let rawType = body.readInteger(as: UInt8.self)
        else { return nil }
        buffer.moveReaderIndex(forwardBy: Self.lengthFieldSize + Int(length))
        guard let type = FrameType(rawValue: rawType) else { throw WireError.unknownType(rawType) }
        return try Self.decodeBody(type, &body)
    }

    private func check(_ length: UInt32) throws {
        if length == 0 { throw WireError.emptyFrame }
        if length > maximumFrameLength { throw WireError.frameTooLarge(length: length, maximum: maximumFrameLength) }
    }

    private static func decodeBody(_ type: FrameType, _ body: inout ByteBuffer) throws -> Frame {
        var reader = BodyReader(type: type, body: body)
        let frame: Frame
        switch type {
        case .hello:
            let version: UInt16 = try reader.integer()
            let kind = try reader.enumeration(Hello.Kind.self)
            let session = try reader.sessionID()
            let path: UInt16 = try reader.integer()
            let flags: UInt8 = try reader.integer()
            let parameters = SessionParameters(
                direction: try reader.enumeration(SessionParameters.Direction.self),
                totalBytes: try reader.integer(), packetSize: try reader.integer(),
                seed: try reader.integer(), receiveWindow: try reader.integer(), scheduler: try reader.scheduler(),
                rate: try reader.integer())
            frame = .hello(
                Hello(
                    version: version, kind: kind, sessionID: session, pathID: path, standby: flags & 1 != 0,
                    parameters: parameters,
                    nonce: try reader.bytes(JoinProof.nonceLength), proof: try reader.bytes(JoinProof.proofLength)))
        case .helloAck:
            frame = .helloAck(
                HelloAck(
                    version: try reader.integer(), sessionID: try reader.sessionID(), pathID: try reader.integer(),
                    receiveWindow: try reader.integer(), secret: try reader.bytes(JoinProof.proofLength)))
        case .data:
            let header = DataHeader(
                globalSequence: try reader.integer(), pathSequence: try reader.integer(), sentAt: try reader.integer())
            return .data(DataFrame(header: header, payload: reader.rest()))
        case .dataAck:
            frame = .dataAck(
                DataAck(cumulative: try reader.integer(), window: try reader.integer(), pathAck: try reader.integer()))
        case .ping:
            frame = .ping(Heartbeat(timestamp: try reader.integer()))
        case .pong:
            frame = .pong(Heartbeat(timestamp: try reader.integer()))
        case .pathStatus:
            frame = .pathStatus(
                PathStatus(pathID: try reader.integer(), status: try reader.enumeration(PathStatus.Status.self)))
        case .stats:
            frame = .stats(
                PeerSummary(
                    deliveredBytes: try reader.integer(), verifiedBytes: try reader.integer(),
                    corruptBytes: try reader.integer(),
                    deliveryOrderViolations: try reader.integer(), duplicatesDropped: try reader.integer(),
                    orderingViolations: try reader.integer(), scheduler: try reader.scheduler(),
                    peerWindow: try reader.integer(), windowLimitedNanos: try reader.integer(),
                    paths: try reader.pathSendings()))
        case .goodbye:
            frame = .goodbye(Goodbye(reason: try reader.enumeration(Goodbye.Reason.self), message: try reader.string()))
        case .failover:
            frame = .failover(
                FailoverNotice(
                    pathID: try reader.integer(), cause: try reader.enumeration(FailoverNotice.Cause.self),
                    packets: try reader.integer(),
                    bytes: try reader.integer(), highestSequence: try reader.integer()))
        case .scheduler:
            frame = .scheduler(try reader.scheduler())
        }
        try reader.expectEnd()
        return frame
    }
}

/// Reads one frame body field by field, turning every shortfall into a `WireError.malformed`.
private struct BodyReader {
    let type: FrameType
    var body: ByteBuffer

    mutating func integer<T: FixedWidthInteger>() throws -> T {
        guard let value = body.readInteger(as: T.self) else {
            throw WireError.malformed(type, "body too short")
        }
        return value
    }

    mutating func enumeration<T: RawRepresentable>(_: T.Type) throws -> T where T.RawValue == UInt8 {
        let raw: UInt8 = try integer()
        guard let value = T(rawValue: raw) else { throw WireError.malformed(type, "invalid \(T.self) value \(raw)") }
        return value
    }

    mutating func scheduler() throws -> SchedulerKind {
        let code: UInt8 = try integer()
        guard let kind = SchedulerKind(wireCode: code) else {
            throw WireError.malformed(type, "invalid scheduler \(code)")
        }
        return kind
    }

    /// A count, then that many entries: bounded by `PeerSummary.maximumPaths`, one per path id.
    mutating func pathSendings() throws -> [PeerSummary.PathSending] {
        let count: UInt8 = try integer()
        guard count <= PeerSummary.maximumPaths else {
            throw WireError.malformed(type, "\(count) paths, more than \(PeerSummary.maximumPaths)")
        }
        var seen: UInt64 = 0
        var paths: [PeerSummary.PathSending] = []
        paths.reserveCapacity(Int(count))
        for _ in 0..<count {
            let id: UInt16 = try integer()
            guard id >= 1, id <= PeerSummary.maximumPaths else { throw WireError.malformed(type, "path id \(id)") }
            guard seen & (1 << id) == 0 else { throw WireError.malformed(type, "path \(id) twice") }
            seen |= 1 << id
            paths.append(
                PeerSummary.PathSending(
                    pathID: id, inFlightTarget: try integer(), deliveryRate: try integer(), minRTTNanos: try rtt(),
                    smoothedRTTNanos: try rtt(), headOfLineNanos: try integer(),
                    opportunisticReinjections: try integer()))
        }
        return paths
    }

    private mutating func rtt() throws -> UInt64? {
        let nanos: UInt64 = try integer()
        return nanos == PeerSummary.noRTT ? nil : nanos
    }

    mutating func bytes(_ count: Int) throws -> [UInt8] {
        guard let bytes = body.readBytes(length: count) else { throw WireError.malformed(type, "body too short") }
        return bytes
    }

    mutating func sessionID() throws -> SessionID {
        SessionID(high: try integer(), low: try integer())
    }

    mutating func string() throws -> String {
        let length: UInt16 = try integer()
        guard let text = body.readString(length: Int(length)) else {
            throw WireError.malformed(type, "string runs past the frame")
        }
        return text
    }

    mutating func rest() -> ByteBuffer {
        // A slice of what is readable always exists.
        body.readSlice(length: body.readableBytes) ?? ByteBuffer()
    }

    func expectEnd() throws {
        if body.readableBytes != 0 {
            throw WireError.malformed(type, "\(body.readableBytes) unexpected trailing bytes")
        }
    }
}
