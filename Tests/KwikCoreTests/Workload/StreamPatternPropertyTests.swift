@testable import KwikCore
import NIOCore
import PropertyBased
import Testing

/// Properties over generated offsets, lengths and corruptions: the vectorised write and check agree
/// with the pattern's byte-wise definition, `byte(at:)`, across word and 64 KiB block boundaries.
@Suite struct StreamPatternPropertyTests {
    static let blockBytes: UInt64 = 65_536

    /// Offsets near word, vector and block edges as well as anywhere in a long stream.
    static let offsets = zip(Gen.int(in: 0...3), Gen.uint64(in: 0...(1 << 40)), Gen.int(in: -80...80)).map {
        kind, anywhere, nudge -> UInt64 in
        let base = kind == 0 ? anywhere : UInt64(kind) * blockBytes
        return UInt64(max(0, Int64(clamping: base) + Int64(nudge)))
    }

    static func reference(_ pattern: StreamPattern, from offset: UInt64, count: Int) -> [UInt8] {
        (0..<UInt64(count)).map { pattern.byte(at: offset + $0) }
    }

    @Test func writeMatchesTheByteWiseDefinition() async {
        await propertyCheck(count: 200, input: Gen.uint64(), Self.offsets, Gen.int(in: 0...20_000)) {
            seed, offset, count in
            let pattern = StreamPattern(seed: seed)
            var buffer = ByteBufferAllocator().buffer(capacity: 0)
            pattern.write(from: offset, count: count, into: &buffer)
            #expect(Array(buffer.readableBytesView) == Self.reference(pattern, from: offset, count: count))
        }
    }

    @Test func checkCountsExactlyTheBytesThatDiffer() async {
        let flips = zip(Gen.int(in: 0...19_999), Gen.uint8(in: 1...255)).array(of: 0...40)
        await propertyCheck(count: 200, input: Gen.uint64(), Self.offsets, Gen.int(in: 0...20_000), flips) {
            seed, offset, count, flips in
            let pattern = StreamPattern(seed: seed)
            var bytes = Self.reference(pattern, from: offset, count: count)
            var corrupted: Set<Int> = []
            for (index, mask) in flips where index < count {
                bytes[index] ^= mask
                if bytes[index] == pattern.byte(at: offset + UInt64(index)) {
                    corrupted.remove(index)
                } else {
                    corrupted.insert(index)
                }
            }
            #expect(bytes.withUnsafeBytes { pattern.mismatches(in: $0, at: offset) } == corrupted.count)
        }
    }

    /// A buffer that does not start on a word boundary in memory is read and written the same way.
    @Test func unalignedMemoryGivesTheSameResult() {
        let pattern = StreamPattern(seed: 7)
        let expected = Self.reference(pattern, from: 3, count: 4_099)
        for shift in 0..<8 {
            var buffer = ByteBufferAllocator().buffer(capacity: 4_200)
            buffer.writeBytes([UInt8](repeating: 0, count: shift))
            pattern.write(from: 3, count: 4_099, into: &buffer)
            buffer.moveReaderIndex(forwardBy: shift)
            #expect(Array(buffer.readableBytesView) == expected)
            #expect(buffer.withUnsafeReadableBytes { pattern.mismatches(in: $0, at: 3) } == 0)
        }
    }
}
