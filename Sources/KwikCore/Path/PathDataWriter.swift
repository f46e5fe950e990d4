import NIOCore

/// Writes the DATA frames the sender assigned to one connection of a path, and the path's DATA_ACKs,
/// on the path's loop. Each frame goes out as its header and its payload, two buffers written from the
/// frame encoder's place in the pipeline (what `FrameEncoder` itself would write), so that no frame is
/// boxed on its way.
public final class PathDataWriter {
    private let sender: Sender
    private let pathID: Int
    private let connection: Int
    private let counters: PathCounters
    private var spare: [DataFrame] = []
    private var draining = false
    private var drainAgain = false
    private var headers: FrameSlabs

    public init(
        sender: Sender, pathID: Int, connection: Int, counters: PathCounters, allocator: ByteBufferAllocator
    ) {
        self.sender = sender
        self.pathID = pathID
        self.connection = connection
        self.counters = counters
        headers = FrameSlabs(allocator: allocator)
    }

    /// Writing can re-enter (a flush changes writability, which pumps the sender), so a nested call
    /// only asks the outer one to look again.
    /// - Parameter encoder: the frame encoder's context: what is written there goes on to the socket.
    public func drain(into context: ChannelHandlerContext, encoder: ChannelHandlerContext) {
        if draining {
            drainAgain = true
            return
        }
        draining = true
        repeat {
            drainAgain = false
            sender.takePending(forPath: pathID, connection: connection, into: &spare)
            guard !spare.isEmpty else { continue }
            write(spare, to: encoder)
            spare.removeAll(keepingCapacity: true)
            context.flush()
        } while drainAgain
        draining = false
    }

    /// Writes a DATA_ACK the way `drain` writes DATA: from the encoder's place, out of a reused slab.
    public func acknowledge(_ ack: DataAck, to encoder: ChannelHandlerContext) {
        encoder.write(NIOAny(headers.encode(.dataAck(ack))), promise: nil)
    }

    private func write(_ frames: [DataFrame], to encoder: ChannelHandlerContext) {
        headers.headers(of: frames) { header, frame in
            counters.sent(bytes: frame.payload.readableBytes)
            encoder.write(NIOAny(header), promise: nil)
            encoder.write(NIOAny(frame.payload), promise: nil)
        }
    }
}
