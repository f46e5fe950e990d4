import NIOCore

/// Writes the DATA frames the sender assigned to one connection of a path, on the path's loop.
final class PathDataWriter {
    private let sender: Sender
    private let pathID: Int
    private let connection: Int
    private let counters: PathCounters
    private var spare: [DataFrame] = []
    private var draining = false
    private var drainAgain = false

    init(sender: Sender, pathID: Int, connection: Int, counters: PathCounters) {
        self.sender = sender
        self.pathID = pathID
        self.connection = connection
        self.counters = counters
    }

    /// Writing can re-enter (a flush changes writability, which pumps the sender), so a nested call
    /// only asks the outer one to look again.
    func drain(into context: ChannelHandlerContext) {
        if draining {
            drainAgain = true
            return
        }
        draining = true
        repeat {
            drainAgain = false
            sender.takePending(forPath: pathID, connection: connection, into: &spare)
            guard !spare.isEmpty else { continue }
            for frame in spare {
                counters.sent(bytes: frame.payload.readableBytes)
                context.write(NIOAny(Frame.data(frame)), promise: nil)
            }
            spare.removeAll(keepingCapacity: true)
            context.flush()
        } while drainAgain
        draining = false
    }
}
