/// An application's sending rate: a token bucket the source draws on, so a paced stream (a call, a
/// video) asks the paths for less than they carry and the scheduler's choice of path shows.
///
/// Pure: times are nanoseconds from the caller's clock.
public struct SourcePace: Sendable, Equatable {
    /// Bytes per second.
    public let rate: UInt64
    /// Credit kept through an idle spell, in bytes: a stream held up does not catch up in one burst.
    public let burst: Double
    private var credit: Double
    private var last: UInt64?

    public init(rate: UInt64, packetSize: Int) {
        self.rate = max(rate, 1)
        // Two packets, or what the rate sends in one pacing tick, whichever is more.
        burst = max(
            2 * Double(packetSize), Double(self.rate) * Double(Self.tick(rate: rate, packetSize: packetSize)) / 1e9)
        credit = Double(packetSize)
    }

    /// How often the sender looks for new credit (ns): about a packet's time at the rate, within 1 ms
    /// and 20 ms.
    public static func tick(rate: UInt64, packetSize: Int) -> UInt64 {
        let packetTime = Double(packetSize) / Double(max(rate, 1)) * 1e9
        return UInt64(min(max(packetTime, 1e6), 2e7))
    }

    /// Whole packets of `packetSize` the credit allows at `now`.
    public mutating func ready(packetSize: Int, now: UInt64) -> UInt64 {
        refill(now: now)
        return UInt64(max(credit, 0) / Double(max(packetSize, 1)))
    }

    /// Takes `bytes` of credit, which must be ready.
    public mutating func take(_ bytes: Int) {
        credit -= Double(bytes)
    }

    private mutating func refill(now: UInt64) {
        if let last, now > last {
            credit = min(credit + Double(rate) * Double(now - last) / 1e9, burst)
        }
        if last == nil || now > last! { last = now }
    }
}
