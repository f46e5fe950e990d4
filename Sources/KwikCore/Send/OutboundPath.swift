import KwikSnapshot

/// The sender's view of one path.
struct OutboundPath: SchedulablePath {
    let id: Int
    var link: PathLink?
    var state: PathState
    var writable = true
    var sentPathSequence: UInt64 = 0
    var acknowledgedPathSequence: UInt64 = 0
    var pending: [DataFrame] = []
    var drainScheduled = false
    var smoothedRTT: Double?
    var deliveryRate: Double = 0
    var reinjectedPackets: UInt64 = 0
    var reinjectedBytes: UInt64 = 0
    var rateSampleStart: UInt64 = 0
    var rateSampleBytes: UInt64 = 0
    /// The path hit its in-flight limit or writability during the current rate sample.
    var filledLimit = false

    var inFlightPackets: UInt64 { sentPathSequence - acknowledgedPathSequence }

    init(id: Int, state: PathState) {
        self.id = id
        self.state = state
    }
}
