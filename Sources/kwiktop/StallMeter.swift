import KwikSnapshot

/// The longest stall of a timed run, from the snapshots it takes: the longest time during which the
/// session was up (running, or stalled with no usable path) and the bytes it delivered, or the bytes
/// the peer acknowledged, did not grow. Snapshots are an interval apart, so this is a lower bound:
/// a counter seen growing at one snapshot may have grown any time since the one before.
struct StallMeter {
    /// What one snapshot tells about progress.
    struct Sample {
        var uptime: Double
        var state: SessionSnapshot.SessionState
        var deliveredBytes: UInt64
        var acknowledgedBytes: UInt64
    }

    enum Direction: String {
        case delivered, acknowledged
    }

    /// How long the first byte may take before waiting for it counts as a stall: the handshake is
    /// done when the run starts, but the first packets still need a round trip and the paths' ramp-up.
    static let firstByteGrace = 1.0

    /// When the run stops producing data: what follows is the drain, not a stall.
    let runEnd: Double
    private var delivery: Counter?
    private var acknowledgement: Counter?

    init(receives: Bool, sends: Bool, runEnd: Double) {
        self.runEnd = runEnd
        delivery = receives ? Counter() : nil
        acknowledgement = sends ? Counter() : nil
    }

    mutating func record(_ sample: Sample) {
        guard sample.state == .running || sample.state == .stalled else { return }
        let at = min(sample.uptime, runEnd)
        delivery?.record(sample.deliveredBytes, at: at)
        acknowledgement?.record(sample.acknowledgedBytes, at: at)
    }

    /// The longest stall seen and the counter that stood still, nil before any stall.
    var longest: (direction: Direction, seconds: Double)? {
        var longest: (direction: Direction, seconds: Double)?
        for (direction, counter) in [(Direction.delivered, delivery), (.acknowledged, acknowledgement)] {
            guard let seconds = counter?.longestStall, seconds > (longest?.seconds ?? 0) else { continue }
            longest = (direction, seconds)
        }
        return longest
    }

    /// One cumulative counter that should keep growing.
    private struct Counter {
        private var value: UInt64 = 0
        /// Since when it has not grown: before the first byte, the end of the grace.
        private var since = StallMeter.firstByteGrace
        private(set) var longestStall = 0.0

        mutating func record(_ newValue: UInt64, at uptime: Double) {
            if newValue > value {
                value = newValue
                since = uptime
            } else {
                longestStall = max(longestStall, uptime - since)
            }
        }
    }
}
