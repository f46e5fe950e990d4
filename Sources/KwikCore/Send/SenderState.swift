import KwikSnapshot
import NIOCore

/// Everything the sender keeps, behind its one lock: the source, the retransmit queue, the peer's
/// window, the paths and the scheduler.
struct SenderState {
    var source: PatternSource?
    var queue = RetransmitQueue()
    var window: UInt64
    var paths: [OutboundPath] = []
    /// `paths[i].link`, kept apart so a pump can copy it without copying the paths.
    var links: [PathLink?] = []
    var scheduler: Scheduler
    var reinjections = ReinjectionTracker()
    var sentBytes: UInt64 = 0

    init(source: PatternSource?, window: UInt64, scheduler: Scheduler) {
        self.source = source
        self.window = window
        self.scheduler = scheduler
    }

    var packetSize: Int { source?.packetSize ?? 1 }

    var isComplete: Bool { (source?.isExhausted ?? true) && queue.isFullyAcknowledged }

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
        paths[index].recordDelivery(bytes: newly * UInt64(packetSize), now: now)
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

    func summary() -> SenderSummary {
        SenderSummary(
            nextSequence: queue.nextSequence, cumulative: queue.cumulative, queued: queue.entries.count,
            sentBytes: sentBytes, sourceExhausted: source?.isExhausted ?? true, peerWindow: window,
            windowLimitedNanos: 0,
            paths: paths.map {
                .init(
                    id: $0.id, state: $0.state, inFlightPackets: $0.inFlightPackets,
                    reinjectedPackets: $0.reinjectedPackets, reinjectedBytes: $0.reinjectedBytes,
                    inFlightTarget: 0, deliveryRate: $0.deliveryRate, minRTT: nil, smoothedRTT: $0.smoothedRTT,
                    headOfLineNanos: 0, opportunisticReinjections: 0)
            })
    }
}

extension OutboundPath {
    /// Folds acknowledged bytes into the delivery-rate estimate, one sample per 100 ms.
    mutating func recordDelivery(bytes: UInt64, now: UInt64) {
        let interval: UInt64 = 100_000_000
        // The first acknowledgement opens the first sampling interval.
        guard rateSampleStart != 0 else {
            rateSampleStart = now
            return
        }
        rateSampleBytes += bytes
        let elapsed = now > rateSampleStart ? now - rateSampleStart : 0
        guard elapsed >= interval else { return }
        let rate = Double(rateSampleBytes) / (Double(elapsed) / 1e9)
        // A path that never filled its limit was given less than it could carry: such a sample only
        // shows what it got, so it may raise the estimate but never lower it (as BBR treats
        // application-limited samples). Otherwise a path given little would measure little for ever.
        if filledLimit || rate > deliveryRate {
            deliveryRate = deliveryRate == 0 ? rate : 0.75 * deliveryRate + 0.25 * rate
        }
        filledLimit = false
        rateSampleStart = now
        rateSampleBytes = 0
    }
}
