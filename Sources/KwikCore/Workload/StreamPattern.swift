import NIOCore

/// The deterministic pseudo-random byte stream of a workload: byte `i` depends only on the seed and `i`,
/// so a sender can produce any part of it and a receiver can check every delivered byte.
public struct StreamPattern: Sendable {
    public let seed: UInt64

    public init(seed: UInt64) { self.seed = seed }

    /// The 8 little-endian bytes of word `index` (bytes `8*index ..< 8*index+8`), by SplitMix64.
    @inline(__always)
    public func word(_ index: UInt64) -> UInt64 {
        var z = seed &+ (index &+ 1) &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    @inline(__always)
    public func byte(at offset: UInt64) -> UInt8 {
        UInt8(truncatingIfNeeded: word(offset / 8) >> ((offset % 8) * 8))
    }

    /// Appends `count` bytes of the stream starting at `offset`.
    public func write(from offset: UInt64, count: Int, into buffer: inout ByteBuffer) {
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: count) { raw in
            fill(raw.baseAddress!, offset: offset, count: count)
            return count
        }
    }

    private func fill(_ base: UnsafeMutableRawPointer, offset: UInt64, count: Int) {
        var position = 0
        var streamOffset = offset
        while position < count && streamOffset % 8 != 0 {
            base.storeBytes(of: byte(at: streamOffset), toByteOffset: position, as: UInt8.self)
            position += 1
            streamOffset += 1
        }
        while count - position >= 8 {
            base.storeBytes(of: word(streamOffset / 8).littleEndian, toByteOffset: position, as: UInt64.self)
            position += 8
            streamOffset += 8
        }
        while position < count {
            base.storeBytes(of: byte(at: streamOffset), toByteOffset: position, as: UInt8.self)
            position += 1
            streamOffset += 1
        }
    }

    /// How many of `bytes` differ from the stream at `offset`.
    public func mismatches(in bytes: UnsafeRawBufferPointer, at offset: UInt64) -> Int {
        var position = 0
        var streamOffset = offset
        var wrong = 0
        let count = bytes.count
        while position < count && streamOffset % 8 != 0 {
            if bytes[position] != byte(at: streamOffset) { wrong += 1 }
            position += 1
            streamOffset += 1
        }
        while count - position >= 8 {
            let expected = word(streamOffset / 8).littleEndian
            let actual = bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self)
            if actual != expected {
                wrong += (actual ^ expected).nonzeroByteCount
            }
            position += 8
            streamOffset += 8
        }
        while position < count {
            if bytes[position] != byte(at: streamOffset) { wrong += 1 }
            position += 1
            streamOffset += 1
        }
        return wrong
    }
}

extension UInt64 {
    fileprivate var nonzeroByteCount: Int {
        var count = 0
        var value = self
        while value != 0 {
            if value & 0xFF != 0 { count += 1 }
            value >>= 8
        }
        return count
    }
}
