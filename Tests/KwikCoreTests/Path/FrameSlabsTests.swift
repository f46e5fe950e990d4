@testable import KwikCore
import KwikTestSupport
import NIOCore
import Testing

@Suite struct FrameSlabsTests {
    func frames(_ count: Int, from first: UInt64) -> [DataFrame] {
        (0..<UInt64(count)).map { index in
            DataFrame(
                header: DataHeader(globalSequence: first + index, pathSequence: index + 1, sentAt: 7),
                payload: ByteBuffer(bytes: [UInt8](repeating: 9, count: Int(index) + 1)))
        }
    }

    /// Where a slice's bytes are: the first header of a batch starts its slab.
    func address(_ buffer: ByteBuffer) -> UInt? {
        buffer.withUnsafeReadableBytes { $0.baseAddress.map { UInt(bitPattern: $0) } }
    }

    /// Each slice is what `FrameEncoder` writes ahead of that frame's payload.
    @Test func eachHeaderIsTheEncodersHeaderOfItsFrame() {
        var slabs = FrameSlabs(allocator: ByteBufferAllocator())
        let batch = frames(FrameSlabs.headersPerSlab + 5, from: 100)
        var seen = 0
        slabs.headers(of: batch) { header, frame in
            var expected = ByteBuffer()
            Frame.writeDataHeader(frame.header, payloadLength: frame.payload.readableBytes, into: &expected)
            #expect(header == expected)
            seen += 1
        }
        #expect(seen == batch.count)
    }

    /// A slab whose slices are all gone is used again; one still held (a write not yet done) is not
    /// written over.
    @Test func aSlabIsReusedOnlyOnceNothingHoldsIt() {
        var slabs = FrameSlabs(allocator: ByteBufferAllocator())
        var held: [ByteBuffer] = []
        slabs.headers(of: frames(3, from: 0)) { header, _ in held.append(header) }
        let heldBytes = held.map { Array($0.readableBytesView) }
        var addresses: Set<UInt> = []
        for round in 1...(FrameSlabs.slabCount * 2) {
            var first: UInt?
            slabs.headers(of: frames(3, from: UInt64(round) * 10)) { header, _ in
                if first == nil { first = address(header) }
            }
            if let first { addresses.insert(first) }
        }
        #expect(held.map { Array($0.readableBytesView) } == heldBytes, "held headers keep their bytes")
        #expect(!addresses.contains(address(held[0]) ?? 0), "the held slab is never written again")
        #expect(addresses.count == FrameSlabs.slabCount - 1, "the other slabs take turns, none allocated")
    }

    /// A DATA_ACK comes out as the encoder writes it, and one not yet written keeps its bytes.
    @Test func controlFramesAreTheEncodersBytes() {
        var slabs = FrameSlabs(allocator: ByteBufferAllocator())
        let frames = (0..<UInt64(FrameSlabs.slabCount * 3)).map {
            Frame.dataAck(DataAck(cumulative: $0 * 1_000_003, window: UInt32($0) + 1, pathAck: $0 &* 77))
        }
        let held = slabs.encode(frames[0])
        for frame in frames.dropFirst() {
            #expect(Array(slabs.encode(frame).readableBytesView) == Array(encoded([frame]).readableBytesView))
        }
        #expect(Array(held.readableBytesView) == Array(encoded([frames[0]]).readableBytesView))
    }
}
