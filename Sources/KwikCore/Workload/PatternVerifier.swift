import Histogram
import NIOConcurrencyHelpers
import NIOCore

/// The receiving end of a workload: checks each in-order payload against the pattern, and records
/// each packet's delivery latency (send timestamp to in-order delivery; meaningful when both ends share
/// a clock, as in `kwiktop bench`).
public final class PatternVerifier: DeliverySink, Sendable {
    private let pattern: StreamPattern
    private let expectedTotal: UInt64?
    private let packetSize: Int
    private let counts = NIOLockedValueBox(Counts())
    private let latency = NIOLockedValueBox(Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .two))

    public struct Counts: Sendable, Equatable {
        public var delivered: UInt64 = 0
        public var verified: UInt64 = 0
        public var corrupt: UInt64 = 0
    }

    public init(pattern: StreamPattern, packetSize: Int, expectedTotal: UInt64?) {
        self.pattern = pattern
        self.packetSize = packetSize
        self.expectedTotal = expectedTotal
    }

    /// Checks a packet where it stands in the stream, before it is in order: every packet but the
    /// last is `packetSize` long, so its offset is its global sequence times `packetSize`.
    public func examine(_ payload: ByteBuffer, header: DataHeader) -> Int {
        // This runs before the window check: a peer's sequence so far ahead that the stream offset
        // overflows is refused there, and must not trap here first.
        let (offset, overflow) = header.globalSequence.multipliedReportingOverflow(by: UInt64(packetSize))
        guard !overflow, offset <= UInt64.max - UInt64(payload.readableBytes) else { return -1 }
        return payload.withUnsafeReadableBytes { pattern.mismatches(in: $0, at: offset) }
    }

    public func deliver(_ payload: ByteBuffer, header: DataHeader, pathID: Int, examination: Int) {
        let length = UInt64(payload.readableBytes)
        counts.withLockedValue { counts in
            // The examination holds only if the packet really sits where it was assumed to.
            let wrong = examination >= 0 && counts.delivered == header.globalSequence * UInt64(packetSize)
                ? examination
                : payload.withUnsafeReadableBytes { pattern.mismatches(in: $0, at: counts.delivered) }
            counts.delivered += length
            counts.corrupt += UInt64(wrong)
            counts.verified += length - UInt64(wrong)
        }
        let now = NIODeadline.now().uptimeNanoseconds / 1000
        if now >= header.sentAt {
            latency.withLockedValue { _ = $0.record(min(now - header.sentAt, 60_000_000)) }
        }
    }

    /// Delivery latency percentiles in microseconds since the last `resetLatency()`.
    public func latencyPercentiles(_ percentiles: [Double]) -> [Double] {
        latency.withLockedValue { histogram in percentiles.map { Double(histogram.valueAtPercentile($0)) } }
    }

    public func resetLatency() {
        latency.withLockedValue { $0.reset() }
    }

    public var current: Counts { counts.withLockedValue { $0 } }

    /// All the bytes the run asked for have been delivered (never true for a time-bounded run).
    public var isComplete: Bool {
        guard let expectedTotal else { return false }
        return current.delivered >= expectedTotal
    }
}
