import NIOCore

/// A received DATA packet whose payload is owned by its path's pool until `release()`.
public struct Packet: Sendable {
    public var header: DataHeader
    public var pathID: Int
    public var payload: ByteBuffer
    /// What the sink found checking the payload on its path's loop, before the packet was in order.
    public var check: PayloadCheck?
    /// Which of the path id's connections it came on (``Multiplexer/resetPathSequence(_:)`` numbers
    /// them): path sequences run per connection.
    public var connection: UInt64
    /// Where the payload goes back to; nil for buffers that were allocated outside any pool.
    let pool: PathBufferPool?

    public init(
        header: DataHeader, pathID: Int, payload: ByteBuffer, pool: PathBufferPool?, check: PayloadCheck? = nil,
        connection: UInt64 = 0
    ) {
        self.header = header
        self.pathID = pathID
        self.payload = payload
        self.pool = pool
        self.check = check
        self.connection = connection
    }

    /// Hands the payload back to the pool it came from.
    public func release() {
        pool?.put(payload)
    }
}
