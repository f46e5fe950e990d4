import Histogram
import KwikSnapshot

/// Round-trip time of one path from PING/PONG samples: RFC 6298 smoothing and variance, min, max,
/// and percentiles from an HdrHistogram. Values in microseconds.
public struct RTTEstimator: Sendable {
    public private(set) var smoothed: Double?
    public private(set) var variance: Double = 0
    public private(set) var minimum = Double.infinity
    public private(set) var maximum: Double = 0
    public private(set) var samples: UInt64 = 0
    private var histogram = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)

    public init() {}

    public mutating func add(microseconds sample: Double) {
        let value = max(sample, 1)
        samples += 1
        minimum = min(minimum, value)
        maximum = max(maximum, value)
        _ = histogram.record(UInt64(min(value, 60_000_000)))
        guard let srtt = smoothed else {
            smoothed = value
            variance = value / 2
            return
        }
        variance = 0.75 * variance + 0.25 * abs(srtt - value)
        smoothed = 0.875 * srtt + 0.125 * value
    }

    public var summary: RTTSummary? {
        guard let smoothed else { return nil }
        return RTTSummary(
            smoothed: smoothed, variance: variance, min: minimum, max: maximum,
            p50: Double(histogram.valueAtPercentile(50)), p99: Double(histogram.valueAtPercentile(99)), samples: samples
        )
    }
}
