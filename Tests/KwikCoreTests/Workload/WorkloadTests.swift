@testable import KwikCore
import NIOCore
import Testing

@Suite struct WorkloadTests {
    let pattern = StreamPattern(seed: 0x5EED)

    func bytes(from offset: UInt64, count: Int) -> [UInt8] {
        var buffer = ByteBufferAllocator().buffer(capacity: count)
        pattern.write(from: offset, count: count, into: &buffer)
        return Array(buffer.readableBytesView)
    }

    @Test func writeAtUnalignedOffsetsMatchesBytewiseDefinition() {
        let reference = (0..<300 as Range<UInt64>).map { pattern.byte(at: $0) }
        for offset in [0, 1, 3, 7, 8, 9, 15, 17, 100] as [Int] {
            for count in [0, 1, 5, 8, 13, 64, 151] where offset + count <= reference.count {
                #expect(
                    bytes(from: UInt64(offset), count: count) == Array(reference[offset..<offset + count]),
                    "offset \(offset) count \(count)")
            }
        }
        // The word layout is little-endian.
        #expect(pattern.byte(at: 8) == UInt8(truncatingIfNeeded: pattern.word(1)))
        #expect(pattern.byte(at: 15) == UInt8(truncatingIfNeeded: pattern.word(1) >> 56))
        // Another seed is another stream.
        #expect(
            StreamPattern(seed: 0x5EEE).byte(at: 0) != pattern.byte(at: 0)
                || StreamPattern(seed: 0x5EEE).word(0) != pattern.word(0))
    }

    @Test func writeAppendsAfterExistingBytes() {
        var buffer = ByteBufferAllocator().buffer(capacity: 4)
        buffer.writeBytes([0xAA, 0xBB])
        pattern.write(from: 5, count: 11, into: &buffer)
        #expect(Array(buffer.readableBytesView) == [0xAA, 0xBB] + bytes(from: 5, count: 11))
    }

    @Test func mismatchesCountsCorruptionExactly() {
        for offset in [0, 3, 8, 13] as [UInt64] {
            var data = bytes(from: offset, count: 77)
            data.withUnsafeBytes { #expect(pattern.mismatches(in: $0, at: offset) == 0) }
            data.withUnsafeBytes {
                #expect(pattern.mismatches(in: $0, at: offset + 1) > 60, "a shifted stream does not verify")
            }
            for index in [0, 4, 5, 40, 76] { data[index] ^= 0x01 }
            data[41] ^= 0xFF  // two corrupt bytes in one word count as two
            data.withUnsafeBytes { #expect(pattern.mismatches(in: $0, at: offset) == 6, "offset \(offset)") }
        }
    }

    /// A peer picks any global sequence, and packets are checked before the window check refuses
    /// them: one whose stream offset overflows must come back unchecked, not trap (found by Fuzz/).
    @Test func checkingASequenceBeyondTheStreamDoesNotTrap() {
        let verifier = PatternVerifier(pattern: pattern, packetSize: 256)
        let payload = byteBuffer(bytes(from: 0, count: 300))
        for sequence in [UInt64(1) << 63, .max, .max / 256] {
            #expect(
                verifier.check(payload, header: DataHeader(globalSequence: sequence, pathSequence: 1, sentAt: 0)) == nil
            )
        }
    }

    /// Packets checked early, where their sequence says they sit, count only if delivered right there.
    @Test func checkOutOfOrderIsUsedOnlyAtTheAssumedOffset() {
        let size = 64
        let verifier = PatternVerifier(pattern: pattern, packetSize: size)
        func packet(_ sequence: UInt64, corrupt: Bool = false, from offset: UInt64? = nil) -> (ByteBuffer, DataHeader) {
            var data = bytes(from: offset ?? sequence * UInt64(size), count: size)
            if corrupt { data[3] ^= 0x10 }
            return (byteBuffer(data), DataHeader(globalSequence: sequence, pathSequence: sequence + 1, sentAt: 0))
        }
        let good = packet(0)
        let bad = packet(1, corrupt: true)
        #expect(verifier.check(good.0, header: good.1) == PayloadCheck(offset: 0, mismatchedBytes: 0))
        #expect(verifier.check(bad.0, header: bad.1) == PayloadCheck(offset: UInt64(size), mismatchedBytes: 1))
        verifier.deliver(Packet(good, pathID: 1, check: verifier.check(good.0, header: good.1)))
        verifier.deliver(Packet(bad, pathID: 2, check: verifier.check(bad.0, header: bad.1)))
        // Claims sequence 3 but is delivered third: its check does not apply, the in-order check does.
        let misplaced = packet(3, from: 3 * UInt64(size))
        verifier.deliver(Packet(misplaced, pathID: 1, check: verifier.check(misplaced.0, header: misplaced.1)))
        // Claims a clean check at the offset where it is delivered: trusted as checked.
        let last = packet(3)
        verifier.deliver(Packet(last, pathID: 1, check: PayloadCheck(offset: 3 * UInt64(size), mismatchedBytes: 0)))
        let counts = verifier.current
        #expect(counts.delivered == UInt64(4 * size))
        #expect(
            counts.corrupt == 1
                + UInt64(pattern.mismatchCount(bytes(from: 3 * UInt64(size), count: size), at: 2 * UInt64(size))))
    }

    @Test func verifierCountsDeliveredVerifiedAndCorrupt() {
        let verifier = PatternVerifier(pattern: pattern, packetSize: 16)
        var offset = 0
        var chunk = 0
        while offset < 1000 {
            let size = min([1, 7, 64, 3, 129, 250][chunk % 6], 1000 - offset)
            var data = bytes(from: UInt64(offset), count: size)
            if chunk == 4 { data[size - 1] ^= 0x80 }
            if chunk == 5 { data[0] ^= 0x01; data[1] ^= 0x01 }
            let header = DataHeader(globalSequence: UInt64(chunk), pathSequence: 1, sentAt: 0)
            verifier.deliver(Packet(header: header, pathID: 1, payload: byteBuffer(data), pool: nil))
            offset += size
            chunk += 1
        }
        #expect(verifier.current == PatternVerifier.Counts(delivered: 1000, verified: 997, corrupt: 3))
    }

    @Test func sourceCutsThePatternIntoPackets() {
        var source = PatternSource(pattern: pattern, packetSize: 100, totalBytes: 250)
        var stream: [UInt8] = []
        var sizes: [Int] = []
        while let packet = source.next(now: 0) {
            sizes.append(packet.readableBytes)
            stream += Array(packet.readableBytesView)
        }
        #expect(sizes == [100, 100, 50])
        #expect(stream == bytes(from: 0, count: 250))
        #expect(source.isExhausted && source.offset == 250)
        var unbounded = PatternSource(pattern: pattern, packetSize: 10, totalBytes: nil)
        #expect(unbounded.next(now: 0)?.readableBytes == 10)
        #expect(!unbounded.isExhausted)
        unbounded.stop()
        #expect(unbounded.next(now: 0) == nil && unbounded.isExhausted)
    }
}

@Suite struct RTTEstimatorTests {
    @Test func smoothingAndVarianceFollowRFC6298() {
        var rtt = RTTEstimator()
        #expect(rtt.summary == nil)
        rtt.add(microseconds: 100)
        #expect(rtt.smoothed == 100 && rtt.variance == 50)
        rtt.add(microseconds: 200)
        // RTTVAR = 3/4 * 50 + 1/4 * |100 - 200|, SRTT = 7/8 * 100 + 1/8 * 200
        #expect(rtt.variance == 62.5 && rtt.smoothed == 112.5)
        rtt.add(microseconds: 50)
        #expect(rtt.variance == 62.5)  // 3/4 * 62.5 + 1/4 * 62.5
        #expect(rtt.smoothed == 104.6875)
        #expect(rtt.minimum == 50 && rtt.maximum == 200 && rtt.samples == 3)
        let summary = rtt.summary
        #expect(summary?.min == 50 && summary?.max == 200 && summary?.samples == 3)
        #expect(summary?.smoothed == 104.6875 && summary?.variance == 62.5)
    }

    @Test func tinySamplesAreClampedToOneMicrosecond() {
        var rtt = RTTEstimator()
        rtt.add(microseconds: 0.2)
        #expect(rtt.smoothed == 1 && rtt.minimum == 1)
    }

    @Test func percentiles() throws {
        var rtt = RTTEstimator()
        for value in 1...1000 { rtt.add(microseconds: Double(value)) }
        let summary = try #require(rtt.summary)
        #expect(abs(summary.p50 - 500) <= 1)
        #expect(abs(summary.p99 - 990) <= 1)
        #expect(summary.min == 1 && summary.max == 1000 && summary.samples == 1000)
    }
}

extension StreamPattern {
    func mismatchCount(_ data: [UInt8], at offset: UInt64) -> Int {
        data.withUnsafeBytes { mismatches(in: $0, at: offset) }
    }
}

extension Packet {
    fileprivate init(_ packet: (ByteBuffer, DataHeader), pathID: Int, check: PayloadCheck?) {
        self.init(header: packet.1, pathID: pathID, payload: packet.0, pool: nil, check: check)
    }
}
