import NIOCore

/// Consumer of the in-order stream.
public protocol DeliverySink: AnyObject, Sendable {
    /// Work on one packet that needs no order, done by the receiving path on its own event loop before
    /// the hand-off, outside the multiplexer's lock, so paths do it in parallel. The result travels
    /// with the packet to `deliver`; nil when there is nothing to check ahead of order.
    func check(_ payload: ByteBuffer, header: DataHeader) -> PayloadCheck?

    /// Called in global order with the multiplexer's lock held, on whichever thread completed the
    /// sequence: it must be quick and must not call back into the multiplexer. The multiplexer
    /// releases the packet afterwards.
    func deliver(_ packet: Packet)

    /// The packets one push completed, in global order, under the same conditions as `deliver(_:)`:
    /// a sink that takes a lock of its own takes it once for them all.
    func deliver(_ packets: ArraySlice<Packet>)
}

extension DeliverySink {
    public func check(_ payload: ByteBuffer, header: DataHeader) -> PayloadCheck? { nil }

    public func deliver(_ packets: ArraySlice<Packet>) {
        for packet in packets { deliver(packet) }
    }
}

/// A payload checked against the stream where its sequence says it stands. It holds only if the
/// packet is delivered at that offset.
public struct PayloadCheck: Sendable, Equatable {
    public let offset: UInt64
    public let mismatchedBytes: Int

    public init(offset: UInt64, mismatchedBytes: Int) {
        self.offset = offset
        self.mismatchedBytes = mismatchedBytes
    }
}
