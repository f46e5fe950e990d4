import Histogram
import KwikSnapshot

/// Round-trip time of one path from PING/PONG samples: RFC 6298 smoothing and variance, min, max,
/// and percentiles from an HdrHistogram. Values in microseconds.
///
/// Reading a percentile walks the histogram's buckets, which a server listing many sessions would
/// pay for every path on every frame; so p50 and p99 are read from it when a sample arrives, each of
/// the first ``percentileEvery`` samples and every ``percentileEvery``-th after (under a second at
/// the PING interval), and a summary only copies them.
public struct RTTEstimator: Sendable {
    public private(set) var smoothed: Double?
    public private(set) var variance: Double = 0
    public private(set) var minimum = Double.infinity
    public private(set) var maximum: Double = 0
    public private(set) var samples: UInt64 = 0
    private var histogram = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
    private var p50: Double = 0
    private var p99: Double = 0
    static let percentileEvery: UInt64 = 8

    public init() {}

    public mutating func add(microseconds sample: Double) {
        let value = max(sample, 1)
        samples += 1
        minimum = min(minimum, value)
        maximum = max(maximum, value)
        _ = histogram.record(UInt64(min(value, 60_000_000)))
        if samples <= Self.percentileEvery || samples % Self.percentileEvery == 0 {
            p50 = Double(histogram.valueAtPercentile(50))
            p99 = Double(histogram.valueAtPercentile(99))
        }
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
            smoothed: smoothed, variance: variance, min: minimum, max: maximum, p50: p50, p99: p99, samples: samples)
    }
}
