import KwikSnapshot
import NIOCore
import NIOPosix

/// A path's reader, the receive side of the seed design: it decodes frames straight out of each read
/// (keeping only a split frame in its own ~64 KiB cumulation), copies every DATA payload into a buffer
/// from the path's own pool and pushes it to the multiplexer synchronously, on this event loop, so the
/// path's order is kept by construction. Control frames go on down the pipeline as `Frame`s.
public final class PathReader: ChannelInboundHandler {
    public typealias InboundIn = ByteBuffer
    public typealias InboundOut = Frame

    public static let cumulationCapacity = 64 * 1024

    private struct Target {
        let pathID: Int
        let multiplexer: Multiplexer
        let pool: PathBufferPool
        let counters: PathCounters
        let maximumPayload: Int
    }

    private let parser: FrameParser
    /// Set in `global-pool` mode: packets go through the session's shared worker pool instead of
    /// straight to the multiplexer, as the seed's old design did.
    private var workers: NIOThreadPool?
    /// In `global-pool` mode delivery happens after the read is over: a worker calls this so the
    /// path still acknowledges what it delivered.
    var afterDeferredPush: (@Sendable () -> Void)?
    private var cumulation: ByteBuffer
    private var target: Target?
    private var failed = false
    /// Highest path sequence received: the path acknowledgement in DATA_ACK.
    public private(set) var lastPathSequence: UInt64 = 0
    /// DATA arrived since the last acknowledgement was sent.
    public private(set) var hasUnacknowledgedData = false

    public init(maximumFrameLength: Int) {
        self.parser = FrameParser(maximumFrameLength: maximumFrameLength)
        self.cumulation = ByteBufferAllocator().buffer(capacity: Self.cumulationCapacity)
    }

    /// Connects the reader to its session once the path has joined; DATA before that is a violation.
    /// - Parameter maximumPayload: the session's packet size; a larger DATA payload is a violation.
    public func attach(
        pathID: Int, multiplexer: Multiplexer, pool: PathBufferPool, counters: PathCounters, workers: NIOThreadPool? = nil,
        maximumPayload: Int = .max
    ) {
        target = Target(pathID: pathID, multiplexer: multiplexer, pool: pool, counters: counters, maximumPayload: maximumPayload)
        self.workers = workers
        lastPathSequence = 0
        multiplexer.resetPathSequence(pathID)
    }

    public func acknowledged() {
        hasUnacknowledgedData = false
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
        } catch {
            failed = true
            context.fireErrorCaught(error)
        }
    }

    public func channelInactive(context: ChannelHandlerContext) {
        if !failed && cumulation.readableBytes > 0 {
            context.fireErrorCaught(WireError.truncated(pendingBytes: cumulation.readableBytes))
        }
        context.fireChannelInactive()
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
            guard input.readableBytes > 0 else { return }
            var part = input.readSlice(length: min(missing, input.readableBytes))!
            cumulation.writeBuffer(&part)
        }
    }

    private func handle(_ frame: Frame, context: ChannelHandlerContext) throws {
        guard case .data(let data) = frame else {
            context.fireChannelRead(wrapInboundOut(frame))
            return
        }
        guard let target else { throw ProtocolViolation("DATA before the path joined a session") }
        // Checked before the copy: a larger payload would grow the pool's buffer, and a window of them
        // would park window × the maximum frame size in the reorder buffer.
        guard data.payload.readableBytes <= target.maximumPayload else {
            throw ProtocolViolation(
                "DATA payload of \(data.payload.readableBytes) bytes is larger than the session's packet size of \(target.maximumPayload)",
                limit: .payloadSize)
        }
        guard var buffer = target.pool.get() else {
            throw ProtocolViolation("the path already holds its maximum of \(target.pool.maximumOutstanding) packet buffers", limit: .poolSize)
        }
        buffer.writeImmutableBuffer(data.payload)
        lastPathSequence = data.header.pathSequence
        hasUnacknowledgedData = true
        target.counters.received(bytes: data.payload.readableBytes)
        var examined = Packet(header: data.header, pathID: target.pathID, payload: buffer, pool: target.pool)
        examined.examination = target.multiplexer.sink.examine(buffer, header: data.header)
        let packet = examined
        if let workers {
            // Whichever worker runs first pushes first: this is how a shared pool loses per-path order.
            let multiplexer = target.multiplexer
            let acknowledge = afterDeferredPush
            workers.submit { _ in
                _ = multiplexer.push(packet)
                acknowledge?()
            }
        } else {
            switch target.multiplexer.push(packet) {
            case .accepted, .duplicate:
                break
            case .outsideWindow:
                throw ProtocolViolation("global sequence \(data.header.globalSequence) is beyond the receive window", limit: .receiveWindow)
            case .overByteLimit:
                throw ProtocolViolation(
                    "global sequence \(data.header.globalSequence) would take the reorder buffer beyond its maximum of \(target.multiplexer.maximumBufferedBytes) bytes",
                    limit: .reorderBytes)
            }
        }
    }
}

/// The peer broke the protocol (as opposed to sending bytes that do not parse).
public struct ProtocolViolation: Error, CustomStringConvertible, Equatable {
    public let description: String
    /// The limit the peer went beyond, if that is what it did.
    public let limit: Limit?

    public init(_ description: String, limit: Limit? = nil) {
        self.description = description
        self.limit = limit
    }
}
