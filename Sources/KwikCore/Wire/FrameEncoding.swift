import NIOCore

extension Frame {
    /// Writes the whole frame, DATA payload included, into `buffer`.
    public func encode(into buffer: inout ByteBuffer) {
        if case .data(let data) = self {
            Self.writeDataHeader(data.header, payloadLength: data.payload.readableBytes, into: &buffer)
            buffer.writeImmutableBuffer(data.payload)
            return
        }
        let start = buffer.writerIndex
        buffer.writeInteger(UInt32(0))
        buffer.writeInteger(type.rawValue)
        encodeControlBody(into: &buffer)
        buffer.setInteger(UInt32(buffer.writerIndex - start - FrameParser.lengthFieldSize), at: start)
    }

    /// Length, type and DATA header: everything of a DATA frame that precedes the payload.
    public static func writeDataHeader(_ header: DataHeader, payloadLength: Int, into buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt32(1 + DataHeader.encodedSize + payloadLength))
        buffer.writeInteger(FrameType.data.rawValue)
        buffer.writeInteger(header.globalSequence)
        buffer.writeInteger(header.pathSequence)
        buffer.writeInteger(header.sentAt)
    }

    public static let dataHeaderSize = FrameParser.lengthFieldSize + 1 + DataHeader.encodedSize

    private func encodeControlBody(into buffer: inout ByteBuffer) {
        switch self {
        case .hello(let hello):
            buffer.writeInteger(hello.version)
            buffer.writeInteger(hello.kind.rawValue)
            buffer.writeSessionID(hello.sessionID)
            buffer.writeInteger(hello.pathID)
            buffer.writeInteger(UInt8(hello.standby ? 1 : 0))
            let p = hello.parameters
            buffer.writeInteger(p.direction.rawValue)
            buffer.writeInteger(p.totalBytes)
            buffer.writeInteger(p.packetSize)
            buffer.writeInteger(p.seed)
            buffer.writeInteger(p.receiveWindow)
            buffer.writeInteger(p.scheduler.wireCode)
            buffer.writeInteger(p.rate)
            buffer.writeBytes(hello.nonce)
            buffer.writeBytes(hello.proof)
        case .helloAck(let ack):
            buffer.writeInteger(ack.version)
            buffer.writeSessionID(ack.sessionID)
            buffer.writeInteger(ack.pathID)
            buffer.writeInteger(ack.receiveWindow)
            buffer.writeBytes(ack.secret)
        case .data:
            preconditionFailure("DATA is encoded by encode(into:)")
        case .dataAck(let ack):
            buffer.writeInteger(ack.cumulative)
            buffer.writeInteger(ack.window)
            buffer.writeInteger(ack.pathAck)
        case .ping(let beat), .pong(let beat):
            buffer.writeInteger(beat.timestamp)
        case .pathStatus(let status):
            buffer.writeInteger(status.pathID)
            buffer.writeInteger(status.status.rawValue)
        case .stats(let stats):
            buffer.writeInteger(stats.deliveredBytes)
            buffer.writeInteger(stats.verifiedBytes)
            buffer.writeInteger(stats.corruptBytes)
            buffer.writeInteger(stats.deliveryOrderViolations)
            buffer.writeInteger(stats.duplicatesDropped)
            buffer.writeInteger(stats.orderingViolations)
            buffer.writeInteger(stats.scheduler.wireCode)
            buffer.writeInteger(stats.peerWindow)
            buffer.writeInteger(stats.windowLimitedNanos)
            let paths = stats.paths.prefix(PeerSummary.maximumPaths)
            buffer.writeInteger(UInt8(paths.count))
            for path in paths { buffer.writePathSending(path) }
        case .goodbye(let goodbye):
            buffer.writeInteger(goodbye.reason.rawValue)
            let utf8 = goodbye.message.utf8.prefix(Int(UInt16.max))
            buffer.writeInteger(UInt16(utf8.count))
            buffer.writeBytes(utf8)
        case .failover(let notice):
            buffer.writeInteger(notice.pathID)
            buffer.writeInteger(notice.cause.rawValue)
            buffer.writeInteger(notice.packets)
            buffer.writeInteger(notice.bytes)
            buffer.writeInteger(notice.highestSequence)
        case .scheduler(let kind):
            buffer.writeInteger(kind.wireCode)
        }
    }
}

extension ByteBuffer {
    fileprivate mutating func writeSessionID(_ id: SessionID) {
        writeInteger(id.high)
        writeInteger(id.low)
    }

    fileprivate mutating func writePathSending(_ path: PeerSummary.PathSending) {
        writeInteger(path.pathID)
        writeInteger(path.inFlightTarget)
        writeInteger(path.deliveryRate)
        writeInteger(path.minRTTNanos ?? PeerSummary.noRTT)
        writeInteger(path.smoothedRTTNanos ?? PeerSummary.noRTT)
        writeInteger(path.headOfLineNanos)
        writeInteger(path.opportunisticReinjections)
    }
}

/// Outbound handler turning frames into bytes. A DATA payload is passed on as its own buffer after a
/// small header buffer, so it is never copied (and a re-injected packet reuses the same payload).
public final class FrameEncoder: ChannelOutboundHandler {
    public typealias OutboundIn = Frame
    public typealias OutboundOut = ByteBuffer

    public init() {}

    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let frame = unwrapOutboundIn(data)
        if case .data(let data) = frame {
            var header = context.channel.allocator.buffer(capacity: Frame.dataHeaderSize)
            Frame.writeDataHeader(data.header, payloadLength: data.payload.readableBytes, into: &header)
            context.write(wrapOutboundOut(header), promise: nil)
            context.write(wrapOutboundOut(data.payload), promise: promise)
        } else {
            var buffer = context.channel.allocator.buffer(capacity: 64)
            frame.encode(into: &buffer)
            context.write(wrapOutboundOut(buffer), promise: promise)
        }
    }
}
