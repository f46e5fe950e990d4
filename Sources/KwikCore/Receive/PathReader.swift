import KwikSnapshot
import NIOCore
import NIOPosix

/// A path's reader, the receive side of the seed design: it decodes frames straight out of each read
/// (keeping only a split frame in its own ~64 KiB cumulation), copies every DATA payload into a buffer
/// from the path's own pool and hands it to the multiplexer (`PacketHandOff`). Control frames go on
/// down the pipeline as `Frame`s. Until the path joins a session it accepts only frames the size of a
/// handshake and holds no cumulation of its own, so a connection that proved nothing costs little.
public final class PathReader: ChannelInboundHandler {
    public typealias InboundIn = ByteBuffer
    public typealias InboundOut = Frame

    public static let cumulationCapacity = 64 * 1024

    private struct Target {
        let pathID: Int
        let multiplexer: Multiplexer
        let pool: PathBufferPool
        let counters: PathCounters
        let handOff: PacketHandOff
        let maximumPayload: Int
        /// This connection's number among the path id's (see `Packet.connection`).
        let connection: UInt64
    }

    private var parser: FrameParser
    private let maximumFrameLength: Int
    /// With a deferred hand-off, delivery happens after the read is over: the worker calls this, so
    /// the path still acknowledges what it delivered.
    var afterDeferredPush: (@Sendable () -> Void)?
    private var cumulation: ByteBuffer
    /// The read's DATA on its way to the multiplexer (direct hand-off only); given its storage at
    /// `attach`, so a connection that never joins allocates none.
    private var batch = PacketBatch(capacity: 0)
    private var target: Target?
    private var context: ChannelHandlerContext?
    private var failed = false
    /// Highest path sequence received: the path acknowledgement in DATA_ACK.
    public private(set) var lastPathSequence: UInt64 = 0
    /// DATA arrived since the last acknowledgement was sent.
    public private(set) var hasUnacknowledgedData = false

    /// - Parameter handshakeFrameLength: the longest frame accepted before `attach`; nil accepts up to
    ///   `maximumFrameLength` from the start.
    public init(maximumFrameLength: Int, handshakeFrameLength: Int? = nil) {
        self.maximumFrameLength = maximumFrameLength
        self.parser = FrameParser(
            maximumFrameLength: min(handshakeFrameLength ?? maximumFrameLength, maximumFrameLength))
        // Shared empty storage: a split handshake frame takes only the bytes it needs.
        self.cumulation = ByteBuffer()
    }

    /// Connects the reader to its session once the path has joined; DATA before that is a violation.
    /// From then on frames up to `maximumFrameLength` are accepted.
    /// - Parameter maximumPayload: the session's packet size; a larger DATA payload is a violation.
    public func attach(
        pathID: Int, multiplexer: Multiplexer, pool: PathBufferPool, counters: PathCounters,
        handOff: PacketHandOff = .direct, maximumPayload: Int = .max
    ) {
        lastPathSequence = 0
        target = Target(
            pathID: pathID, multiplexer: multiplexer, pool: pool, counters: counters, handOff: handOff,
            maximumPayload: maximumPayload, connection: multiplexer.resetPathSequence(pathID))
        parser = FrameParser(maximumFrameLength: maximumFrameLength)
        // Once, here: the hot path then splits frames into it and batches packets without allocating.
        cumulation.reserveCapacity(Self.cumulationCapacity)
        if batch.packets.capacity == 0 { batch = PacketBatch() }
    }

    public func acknowledged() {
        hasUnacknowledgedData = false
    }

    public func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    public func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !failed else { return }
        var input = unwrapInboundIn(data)
        target?.counters.heard()
        do {
            if cumulation.readableBytes > 0 {
                try completeSplitFrame(from: &input, context: context)
            }
            while let frame = try parser.next(from: &input) {
                try handle(frame, context: context)
            }
            if input.readableBytes > 0 {
                cumulation.writeBuffer(&input)
            }
            try pushBatch()
        } catch {
            // What arrived before the offending frame is the peer's to keep.
            do { try pushBatch() } catch let refused { fail(refused) }
            fail(error)
        }
    }

    /// The read's packets so far go to the multiplexer under one turn of its lock.
    private func pushBatch() throws {
        guard !batch.isEmpty, let multiplexer = target?.multiplexer else { return }
        if let (refusal, sequence) = multiplexer.push(&batch),
            let violation = ProtocolViolation(refusal: refusal, sequence: sequence, multiplexer: multiplexer)
        {
            throw violation
        }
    }

    public func channelInactive(context: ChannelHandlerContext) {
        if !failed && cumulation.readableBytes > 0 {
            context.fireErrorCaught(WireError.truncated(pendingBytes: cumulation.readableBytes))
        }
        context.fireChannelInactive()
    }

    private func fail(_ error: any Error) {
        guard !failed, let context else { return }
        failed = true
        context.fireErrorCaught(error)
    }

    /// Moves just enough bytes into the cumulation to finish the frame split across reads.
    private func completeSplitFrame(from input: inout ByteBuffer, context: ChannelHandlerContext) throws {
        while true {
            let missing = try parser.bytesMissing(in: cumulation)
            if missing == 0 {
                if let frame = try parser.next(from: &cumulation) {
                    try handle(frame, context: context)
                }
                cumulation.clear()
                return
            }
            guard input.readableBytes > 0, var part = input.readSlice(length: min(missing, input.readableBytes)) else {
                return
            }
            cumulation.writeBuffer(&part)
        }
    }

    private func handle(_ frame: Frame, context: ChannelHandlerContext) throws {
        guard case .data(let data) = frame else {
            // A control frame acts on what came before it.
            try pushBatch()
            context.fireChannelRead(wrapInboundOut(frame))
            return
        }
        guard let target else { throw ProtocolViolation("DATA before the path joined a session") }
        // Checked before the copy: a larger payload would grow the pool's buffer, and a window of them
        // would park window × the maximum frame size in the reorder buffer.
        guard data.payload.readableBytes <= target.maximumPayload else {
            throw ProtocolViolation(
                "DATA payload of \(data.payload.readableBytes) bytes is larger than the session's packet size of "
                    + "\(target.maximumPayload)",
                limit: .payloadSize)
        }
        guard var buffer = target.pool.get() else {
            throw ProtocolViolation(
                "the path already holds its maximum of \(target.pool.maximumOutstanding) packet buffers",
                limit: .poolSize)
        }
        buffer.writeImmutableBuffer(data.payload)
        lastPathSequence = data.header.pathSequence
        hasUnacknowledgedData = true
        target.counters.received(bytes: data.payload.readableBytes)
        let multiplexer = target.multiplexer
        let packet = Packet(
            header: data.header, pathID: target.pathID, payload: buffer, pool: target.pool,
            check: multiplexer.sink.check(buffer, header: data.header), connection: target.connection)
        let sequence = data.header.globalSequence
        switch target.handOff {
        case .direct:
            batch.append(packet)
        case .workerPool(let workers):
            let loop = context.eventLoop
            let reader = NIOLoopBound(self, eventLoop: loop)
            let acknowledge = afterDeferredPush
            workers.submit { _ in
                let outcome = multiplexer.push(packet)
                if let violation = ProtocolViolation(refusal: outcome, sequence: sequence, multiplexer: multiplexer) {
                    loop.execute { reader.value.fail(violation) }
                }
                acknowledge?()
            }
        }
    }
}
