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
    var model: PathSendingModel
    var reinjectedPackets: UInt64 = 0
    var reinjectedBytes: UInt64 = 0
    /// Packets this path held at the head of a full window that went again on a faster path.
    var opportunisticReinjections: UInt64 = 0
    /// Time the window was full while its head was a packet this path carried.
    var headOfLineNanos: UInt64 = 0
    /// When an acknowledgement last brought news of this path (nanoseconds), or when it was registered.
    var lastProgressNanos: UInt64 = 0
    /// A copy of every sequence below this one went on this path (for `redundant`).
    var redundantCursor: UInt64 = 0

    /// Path sequences handed to the connection; those still pending were assigned but not written.
    var writtenPathSequence: UInt64 { sentPathSequence - UInt64(pending.count) }

    /// Never negative: a path acknowledgement never goes beyond what was written.
    var inFlightPackets: UInt64 { sentPathSequence - acknowledgedPathSequence }

    var smoothedRTT: Double? { model.smoothedRTT }
    var deliveryRate: Double { model.deliveryRate }
    var inFlightBytes: Double { Double(inFlightPackets) * model.packetSize }

    func arrivalEstimate(queued: UInt64) -> Double? {
        model.arrivalEstimate(inFlight: inFlightPackets, queued: queued)
    }

    init(id: Int, state: PathState, model: PathSendingModel) {
        self.id = id
        self.state = state
        self.model = model
    }
}
