import NIOCore

/// The deterministic pseudo-random byte stream of a workload: byte `i` depends only on the seed and `i`,
/// so a sender can produce any part of it and a receiver can check every delivered byte.
///
/// Word `w` (bytes `8w ..< 8w+8`, little-endian) is `table[w mod 8192] ^ key(w / 8192)`: a 64 KiB
/// table and one key per 64 KiB block, all from SplitMix64. Producing and checking a packet is then a
/// load and an XOR per word, eight words to a vector, not a hash, and any byte out of place still
/// shows: another offset in the block reads another table word, another block another key.
public struct StreamPattern: Sendable {
    public let seed: UInt64
    /// The table's words as the stream's bytes lay them out (little-endian), so that a run of them can
    /// be compared with or copied into a buffer as vectors on any byte order.
    private let table: [UInt64]
    private static let blockWords = 8192
    /// Words per vector: 64 bytes, a cache line.
    private typealias Lanes = SIMD8<UInt64>

    public init(seed: UInt64) {
        self.seed = seed
        table = (0..<UInt64(Self.blockWords)).map { Self.splitMix(seed ^ 0x5851_F42D_4C95_7F2D, $0).littleEndian }
    }

    @inline(__always)
    private static func splitMix(_ seed: UInt64, _ index: UInt64) -> UInt64 {
        var z = seed &+ (index &+ 1) &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    @inline(__always)
    private func key(block: UInt64) -> UInt64 { Self.splitMix(seed, block) }

    /// The 8 little-endian bytes of word `index`.
    public func word(_ index: UInt64) -> UInt64 {
        UInt64(littleEndian: table[Int(index % UInt64(Self.blockWords))]) ^ key(block: index / UInt64(Self.blockWords))
    }

    public func byte(at offset: UInt64) -> UInt8 {
        UInt8(truncatingIfNeeded: word(offset / 8) >> ((offset % 8) * 8))
    }

    /// Appends `count` bytes of the stream starting at `offset`.
    public func write(from offset: UInt64, count: Int, into buffer: inout ByteBuffer) {
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: count) { raw in
            guard let base = raw.baseAddress, count > 0 else { return 0 }
            var position = 0
            var streamOffset = offset
            while position < count && streamOffset % 8 != 0 {
                raw[position] = byte(at: streamOffset)
                position += 1
                streamOffset += 1
            }
            let start = base + position
            forEachWordRun(from: streamOffset / 8, words: (count - position) / 8) { expected, key, words, done in
                let destination = start + done * 8
                let keys = Lanes(repeating: key)
                var index = 0
                while index + Lanes.scalarCount <= words {
                    let value = expected.loadUnaligned(fromByteOffset: index * 8, as: Lanes.self) ^ keys
                    destination.storeBytes(of: value, toByteOffset: index * 8, as: Lanes.self)
                    index += Lanes.scalarCount
                }
                while index < words {
                    let value = expected.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self) ^ key
                    destination.storeBytes(of: value, toByteOffset: index * 8, as: UInt64.self)
                    index += 1
                }
            }
            let wordBytes = (count - position) / 8 * 8
            position += wordBytes
            streamOffset += UInt64(wordBytes)
            while position < count {
                raw[position] = byte(at: streamOffset)
                position += 1
                streamOffset += 1
            }
            return count
        }
    }

    /// How many of `bytes` differ from the stream at `offset`.
    public func mismatches(in bytes: UnsafeRawBufferPointer, at offset: UInt64) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        var position = 0
        var streamOffset = offset
        var wrong = 0
        let count = bytes.count
        while position < count && streamOffset % 8 != 0 {
            if bytes[position] != byte(at: streamOffset) { wrong += 1 }
            position += 1
            streamOffset += 1
        }
        let start = base + position
        forEachWordRun(from: streamOffset / 8, words: (count - position) / 8) { expected, key, words, done in
            let actual = start + done * 8
            // Fast path: one OR over the run, a vector at a time; count bytes only when something differs.
            let keys = Lanes(repeating: key)
            var lanes = Lanes(repeating: 0)
            var index = 0
            while index + Lanes.scalarCount <= words {
                lanes |=
                    actual.loadUnaligned(fromByteOffset: index * 8, as: Lanes.self)
                    ^ expected.loadUnaligned(fromByteOffset: index * 8, as: Lanes.self) ^ keys
                index += Lanes.scalarCount
            }
            var difference: UInt64 = 0
            for lane in 0..<Lanes.scalarCount { difference |= lanes[lane] }
            while index < words {
                difference |=
                    actual.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self)
                    ^ expected.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self) ^ key
                index += 1
            }
            guard difference != 0 else { return }
            for index in 0..<words {
                let word =
                    actual.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self)
                    ^ expected.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self) ^ key
                wrong += word.nonzeroByteCount
            }
        }
        let wordBytes = (count - position) / 8 * 8
        position += wordBytes
        streamOffset += UInt64(wordBytes)
        while position < count {
            if bytes[position] != byte(at: streamOffset) { wrong += 1 }
            position += 1
            streamOffset += 1
        }
        return wrong
    }

    /// Splits `words` words from word `first` into runs within one block: `body(the run's first table
    /// word, the block's key in stream byte order, words in the run, words done before it)`.
    private func forEachWordRun(
        from first: UInt64, words: Int, _ body: (UnsafeRawPointer, UInt64, Int, Int) -> Void
    ) {
        table.withUnsafeBufferPointer { table in
            guard let base = table.baseAddress else { return }
            var done = 0
            var word = first
            while done < words {
                let start = Int(word % UInt64(Self.blockWords))
                let run = min(words - done, Self.blockWords - start)
                body(UnsafeRawPointer(base + start), key(block: word / UInt64(Self.blockWords)).littleEndian, run, done)
                done += run
                word += UInt64(run)
            }
        }
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
