import Histogram
import NIOConcurrencyHelpers
import NIOCore

/// The receiving end of a workload: checks each in-order payload against the pattern, and records
/// each packet's delivery latency (send timestamp to in-order delivery; meaningful when both ends share
/// a clock, as in `kwiktop bench`).
public final class PatternVerifier: DeliverySink, Sendable {
    private let pattern: StreamPattern
    private let packetSize: Int
    private let state = NIOLockedValueBox(State())

    public struct Counts: Sendable, Equatable {
        public var delivered: UInt64 = 0
        public var verified: UInt64 = 0
        public var corrupt: UInt64 = 0
    }

    private struct State {
        var counts = Counts()
        var latency = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .two)
    }

    public init(pattern: StreamPattern, packetSize: Int) {
        self.pattern = pattern
        self.packetSize = packetSize
    }

    /// Checks a packet where it stands in the stream, before it is in order: every packet but the
    /// last is `packetSize` long, so its offset is its global sequence times `packetSize`.
    public func check(_ payload: ByteBuffer, header: DataHeader) -> PayloadCheck? {
        // This runs before the window check: a peer's sequence so far ahead that the stream offset
        // overflows is refused there, and must not trap here first.
        let (offset, overflow) = header.globalSequence.multipliedReportingOverflow(by: UInt64(packetSize))
        guard !overflow, offset <= UInt64.max - UInt64(payload.readableBytes) else { return nil }
        let mismatches = payload.withUnsafeReadableBytes { pattern.mismatches(in: $0, at: offset) }
        return PayloadCheck(offset: offset, mismatchedBytes: mismatches)
    }

    public func deliver(_ packet: Packet) {
        record(CollectionOfOne(packet))
    }

    public func deliver(_ packets: ArraySlice<Packet>) {
        record(packets)
    }

    private func record(_ packets: some Collection<Packet>) {
        let now = NIODeadline.now().uptimeNanoseconds / 1000
        state.withLockedValue { state in
            for packet in packets {
                let payload = packet.payload
                let length = UInt64(payload.readableBytes)
                let offset = state.counts.delivered
                // A check holds only if the packet really sits where it was assumed to.
                let wrong =
                    packet.check.flatMap { $0.offset == offset ? $0.mismatchedBytes : nil }
                    ?? payload.withUnsafeReadableBytes { pattern.mismatches(in: $0, at: offset) }
                state.counts.delivered += length
                state.counts.corrupt += UInt64(wrong)
                state.counts.verified += length - UInt64(wrong)
                let sentAt = packet.header.sentAt
                if now >= sentAt { _ = state.latency.record(min(now - sentAt, 60_000_000)) }
            }
        }
    }

    /// Delivery latency percentiles in microseconds since the last `resetLatency()`.
    public func latencyPercentiles(_ percentiles: [Double]) -> [Double] {
        state.withLockedValue { state in percentiles.map { Double(state.latency.valueAtPercentile($0)) } }
    }

    public func resetLatency() {
        state.withLockedValue { $0.latency.reset() }
    }

    public var current: Counts { state.withLockedValue { $0.counts } }
}
