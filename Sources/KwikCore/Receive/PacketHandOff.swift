import NIOPosix

/// How a path's reader hands a DATA packet to the session's multiplexer. The reader modes of
/// `kwiktop bench` differ here (and in how a path reads and allocates, see `PathPipeline` and
/// `EngineConfiguration.poolRetained`); every limit applies whichever strategy runs.
public enum PacketHandOff: Sendable {
    /// `per-path` and `naive`: pushed synchronously on the path's own event loop, so the path's
    /// order is kept by construction and a refusal closes the path at once.
    case direct
    /// `global-pool`, the seed's old design: a shared worker pool pushes, and whichever worker runs
    /// first pushes first, which is how per-path order is lost. A refusal closes the path when the
    /// worker reports back to the path's loop.
    case workerPool(NIOThreadPool)
}

extension ProtocolViolation {
    /// The violation behind a multiplexer's refusal of the packet with `sequence`; nil when it took it.
    init?(refusal outcome: ReorderBufferOutcome, sequence: UInt64, multiplexer: Multiplexer) {
        switch outcome {
        case .accepted, .duplicate:
            return nil
        case .outsideWindow:
            self.init("global sequence \(sequence) is beyond the receive window", limit: .receiveWindow)
        case .overByteLimit:
            self.init(
                "global sequence \(sequence) would take the reorder buffer beyond its maximum of "
                    + "\(multiplexer.maximumBufferedBytes) bytes",
                limit: .reorderBytes)
        }
    }
}
