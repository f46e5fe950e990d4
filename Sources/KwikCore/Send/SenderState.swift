import KwikSnapshot
import NIOCore

/// Everything the sender keeps, behind its one lock: the source, the retransmit queue, the peer's
/// window, the paths and the scheduler.
struct SenderState {
    var source: PatternSource?
    /// What the scheduling loop sends as new packets: the source's payloads, written outside the lock.
    var stock = PayloadStock()
    var queue = RetransmitQueue()
    var window: UInt64
    /// The largest window this end uses whatever the peer offers (the send buffer).
    let windowCap: UInt64
    var paths: [OutboundPath] = []
    /// `paths[i].link`, kept apart so a pump can copy it without copying the paths.
    var links: [PathLink?] = []
    var scheduler: Scheduler
    var reinjections = ReinjectionTracker()
    var sentBytes: UInt64 = 0
    let inFlightLimit: UInt64
    let initialInFlight: UInt64
    /// Window-limited time so far, and since when (with the path at its head) the current stretch runs.
    private(set) var windowLimitedNanos: UInt64 = 0
    private var windowLimited: (since: UInt64, headPathID: Int)?

    init(
        source: PatternSource?, window: UInt64, windowCap: UInt64, scheduler: Scheduler, inFlightLimit: UInt64,
        initialInFlight: UInt64
    ) {
        self.source = source
        self.window = min(window, windowCap)
        self.windowCap = windowCap
        self.scheduler = scheduler
        self.inFlightLimit = inFlightLimit
        self.initialInFlight = initialInFlight
    }

    func newPath(id: Int, state: PathState) -> OutboundPath {
        OutboundPath(
            id: id, state: state,
            model: PathSendingModel(packetSize: packetSize, limit: inFlightLimit, initialTarget: initialInFlight))
    }

    /// Ends or starts a window-limited stretch; the time goes to the path whose packet is the window's
    /// head (it holds the stream up).
    mutating func trackWindow(full: Bool, now: UInt64) {
        let head = full ? queue.entries.first?.pathID : nil
        if let current = windowLimited {
            guard head != current.headPathID else { return }
            let elapsed = now > current.since ? now - current.since : 0
            windowLimitedNanos += elapsed
            if let index = index(of: current.headPathID) { paths[index].headOfLineNanos += elapsed }
            windowLimited = nil
        }
        if let head { windowLimited = (now, head) }
    }

    var packetSize: Int { source?.packetSize ?? 1 }

    var isComplete: Bool { hasNoNewPackets && queue.isFullyAcknowledged }

    /// The source gives no more, and nothing it gave waits to be queued.
    var hasNoNewPackets: Bool { (source?.isExhausted ?? true) && stock.isEmpty }

    /// Reserves the next payloads to write outside the lock, within the peer's window beyond what the
    /// stock holds; nil when there is nothing to write or a fill already runs.
    mutating func reserveFill(now: UInt64) -> PayloadFill? {
        guard var source else { return nil }
        defer { self.source = source }
        let stocked = UInt64(stock.count)
        let room = windowRoom > stocked ? windowRoom - stocked : 0
        guard var fill = stock.reserve(from: &source, room: room, now: now) else { return nil }
        fill.takeSpares(from: &queue)
        return fill
    }

    func index(of pathID: Int) -> Int? {
        paths.firstIndex { $0.id == pathID }
    }

    /// The path's index while `connection` is its current connection.
    func index(of pathID: Int, connection: Int) -> Int? {
        index(of: pathID).flatMap { paths[$0].connection == connection ? $0 : nil }
    }

    /// Adds a path; nil for an id outside 1...`Sender.highestPathID` (paths are bits in a word).
    mutating func append(_ path: OutboundPath) -> Int? {
        guard path.id > 0 && path.id <= Sender.highestPathID else { return nil }
        paths.append(path)
        paths.sort { $0.id < $1.id }
        refreshLinks()
        return index(of: path.id)
    }

    mutating func refreshLinks() {
        links = paths.map(\.link)
    }

    /// Takes the acknowledgement of path sequences up to `pathAck` (at most what the path wrote) on the
    /// path at `index` as a delivery-rate sample.
    mutating func acknowledge(pathAck: UInt64, pathAt index: Int, now: UInt64) {
        guard pathAck <= paths[index].writtenPathSequence, pathAck > paths[index].acknowledgedPathSequence else {
            return
        }
        let newly = pathAck - paths[index].acknowledgedPathSequence
        paths[index].acknowledgedPathSequence = pathAck
        paths[index].lastProgressNanos = now
        paths[index].model.delivered(newly * UInt64(packetSize), now: now)
    }

    /// Queues for re-sending every unacknowledged packet whose only copy is on the path at `index`.
    mutating func reinject(pathAt index: Int) -> Sender.Reinjection {
        let pathID = paths[index].id
        // Assigned but never written: those path sequences were not used on the wire.
        paths[index].sentPathSequence = paths[index].writtenPathSequence
        paths[index].pending.removeAll(keepingCapacity: true)
        paths[index].drainScheduled = false
        let orphans = queue.orphan(pathID: pathID, delivered: paths[index].acknowledgedPathSequence)
        paths[index].reinjectedPackets += orphans.packets
        paths[index].reinjectedBytes += orphans.bytes
        return reinjections.record(pathID: pathID, orphans)
    }

    func summary(now: UInt64) -> SenderSummary {
        // The stretch still going on counts up to now.
        var open: (nanos: UInt64, pathID: Int)?
        if let current = windowLimited { open = (now > current.since ? now - current.since : 0, current.headPathID) }
        return SenderSummary(
            nextSequence: queue.nextSequence, cumulative: queue.cumulative, queued: queue.entries.count,
            sentBytes: sentBytes, sourceExhausted: hasNoNewPackets, peerWindow: window,
            windowLimitedNanos: windowLimitedNanos + (open?.nanos ?? 0),
            paths: paths.map { path in
                .init(
                    id: path.id, state: path.state, inFlightPackets: path.inFlightPackets,
                    reinjectedPackets: path.reinjectedPackets, reinjectedBytes: path.reinjectedBytes,
                    inFlightTarget: path.model.target(now: now), deliveryRate: path.model.deliveryRate,
                    minRTT: path.model.minRTT, smoothedRTT: path.model.smoothedRTT,
                    headOfLineNanos: path.headOfLineNanos + (open.map { $0.pathID == path.id ? $0.nanos : 0 } ?? 0),
                    opportunisticReinjections: path.opportunisticReinjections)
            })
    }
}
