import KwikSnapshot

/// The sender's view of one path.
struct OutboundPath: SchedulablePath {
    let id: Int
    var link: PathLink?
    /// The number of the path id's connection this is (see `PathRecord.connected`).
    var connection = 0
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

    /// Path sequences handed to the connection; those still pending were assigned but not written.
    var writtenPathSequence: UInt64 { sentPathSequence - UInt64(pending.count) }

    /// Never negative: a path acknowledgement never goes beyond what was written.
    var inFlightPackets: UInt64 { sentPathSequence - acknowledgedPathSequence }

    init(id: Int, state: PathState) {
        self.id = id
        self.state = state
    }
}
