import NIOCore

/// When a silent path counts as stale: after `max(floor, 3·srtt + 4·rttvar)`, or a fixed timeout.
/// Long enough not to mistake a slow path for a dead one, short enough to fail over well under a second.
public struct StaleRule: Sendable {
    public var fixed: TimeAmount?
    public var floor: TimeAmount

    public init(fixed: TimeAmount? = nil, floor: TimeAmount = .milliseconds(300)) {
        self.fixed = fixed
        self.floor = floor
    }

    /// - Parameter rtt: smoothed RTT and its variance in microseconds; nil before the first sample.
    public func timeout(rtt: (smoothed: Double, variance: Double)?) -> TimeAmount {
        if let fixed { return fixed }
        guard let rtt else { return floor }
        return max(floor, .microseconds(Int64(3 * rtt.smoothed + 4 * rtt.variance)))
    }
}
