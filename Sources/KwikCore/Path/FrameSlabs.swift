import NIOCore

/// The small frames a path writes for every packet or read, DATA headers and DATA_ACKs, written into
/// reused buffers and handed out as slices of them, so that sending or acknowledging allocates
/// nothing. A buffer is reused once every slice of it has been written out (nothing else holds it);
/// while the socket still holds some, the next of a few buffers is used, and only when all are held
/// is one allocated.
struct FrameSlabs {
    private var slabs: [ByteBuffer]
    private var next = 0
    private let allocator: ByteBufferAllocator
    static let slabCount = 4
    /// Headers a slab holds before a larger drain needs a larger one.
    static let headersPerSlab = 64

    init(allocator: ByteBufferAllocator) {
        self.allocator = allocator
        slabs = (0..<Self.slabCount).map { _ in
            allocator.buffer(capacity: Self.headersPerSlab * Frame.dataHeaderSize)
        }
    }

    /// The headers of `frames`, in order. Written first and sliced after, since writing into a
    /// buffer that slices share would copy it.
    mutating func headers(of frames: [DataFrame], _ body: (ByteBuffer, DataFrame) -> Void) {
        guard !frames.isEmpty else { return }
        let size = Frame.dataHeaderSize
        let index = freeSlab(bytes: frames.count * size)
        for frame in frames {
            Frame.writeDataHeader(frame.header, payloadLength: frame.payload.readableBytes, into: &slabs[index])
        }
        let slab = slabs[index]
        for (offset, frame) in frames.enumerated() {
            guard let header = slab.getSlice(at: offset * size, length: size) else { return }
            body(header, frame)
        }
    }

    /// A control frame (a DATA_ACK), encoded as `FrameEncoder` encodes it.
    mutating func encode(_ frame: Frame) -> ByteBuffer {
        let index = freeSlab(bytes: Self.controlFrameRoom)
        frame.encode(into: &slabs[index])
        return slabs[index]
    }

    /// Room enough for any control frame but HELLO's, which is never written from here.
    static let controlFrameRoom = 64

    /// A slab nothing else holds, cleared and with room for `bytes`.
    private mutating func freeSlab(bytes: Int) -> Int {
        for step in 0..<Self.slabCount {
            let index = (next + step) % Self.slabCount
            guard slabs[index].capacity >= bytes, slabs[index].modifyIfUniquelyOwned({ $0.clear() }) != nil else {
                continue
            }
            next = (index + 1) % Self.slabCount
            return index
        }
        let index = next
        slabs[index] = allocator.buffer(capacity: max(bytes, Self.headersPerSlab * Frame.dataHeaderSize))
        next = (index + 1) % Self.slabCount
        return index
    }
}
