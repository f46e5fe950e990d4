import DequeModule
import KwikSnapshot
import NIOConcurrencyHelpers
import NIOCore

/// The session's send side. Every packet stays in the retransmit queue until the cumulative DATA_ACK
/// covers it; packets in flight on a path that stops carrying data are re-injected on the others at
/// once. The sender never exceeds the peer's window, a path's in-flight limit or its writability:
/// it waits, it never drops.
public final class Sender: Sendable {
    /// Re-injections kept for the failover log, the most recent ones: each resolves within moments,
    /// and only a peer that keeps failing paths without acknowledging could pile them up.
    public static let trackedReinjections = 64

    public let inFlightLimit: UInt64
    private let state: NIOLockedValueBox<State>

    struct Entry {
        let sequence: UInt64
        let payload: ByteBuffer
        var pathID: Int
        var pathSequence: UInt64
        /// Ids (as bits) of other paths holding a redundant copy.
        var copies: UInt64 = 0
    }

    /// Packets re-injected because one path failed; tracked until the peer acknowledges all of them.
    public struct Reinjection: Sendable {
        public let pathID: Int
        public let packets: UInt64
        public let bytes: UInt64
        public let highestSequence: UInt64
        /// Tells the re-injection apart while the sender tracks it; nil when nothing needed re-sending.
        public internal(set) var id: UInt64?
        public internal(set) var firstSentAt: UInt64?
        public internal(set) var acknowledgedAt: UInt64?
    }

    struct State {
        var source: PatternSource?
        var nextSequence: UInt64 = 0
        var cumulative: UInt64 = 0
        var window: UInt64
        var queue: Deque<Entry> = []
        var resend: Deque<UInt64> = []
        var paths: [OutboundPath] = []
        /// `paths[i].link`, kept apart so a pump can copy it without copying the paths.
        var links: [PathLink?] = []
        var scheduler: Scheduler
        var reinjections: Deque<Reinjection> = []
        var nextReinjectionID: UInt64 = 0
        var sentBytes: UInt64 = 0
    }

    public init(source: PatternSource?, window: UInt64, scheduler: SchedulerKind, inFlightLimit: UInt64) {
        self.inFlightLimit = inFlightLimit
        self.state = NIOLockedValueBox(State(source: source, window: window, scheduler: Scheduler(kind: scheduler)))
    }

    // MARK: Paths

    /// A path is created (or re-created) for a fresh connection; its path sequence restarts.
    public func register(pathID: Int, link: PathLink?, standby: Bool) {
        state.withLockedValue { state in
            let index = state.index(of: pathID) ?? state.append(OutboundPath(id: pathID, state: .connecting))
            // A new connection can win the race against the old one's close: what the old one had in
            // flight must not be forgotten.
            if state.paths[index].state.carriesData || state.paths[index].state == .disabled {
                _ = state.reinject(pathAt: index)
            }
            let disabled = state.paths[index].state == .disabled
            var path = OutboundPath(id: pathID, state: disabled ? .disabled : standby ? .standby : .active)
            path.link = link
            path.smoothedRTT = state.paths[index].smoothedRTT
            path.reinjectedPackets = state.paths[index].reinjectedPackets
            path.reinjectedBytes = state.paths[index].reinjectedBytes
            state.paths[index] = path
            state.refreshLinks()
        }
        pump()
    }

    /// Declares a path known before it connects, so snapshots can show it.
    public func declare(pathID: Int, state pathState: PathState) {
        state.withLockedValue { state in
            if let index = state.index(of: pathID) {
                state.paths[index].state = pathState
            } else {
                state.append(OutboundPath(id: pathID, state: pathState))
            }
        }
    }

    /// Moves a path to `newState`. Leaving a data-carrying state re-injects its unacknowledged packets;
    /// entering one lets it carry data again. Returns the re-injection, if this caused one.
    @discardableResult
    public func setState(_ newState: PathState, forPath pathID: Int, now: UInt64 = NIODeadline.now().uptimeNanoseconds) -> Reinjection? {
        let reinjection: Reinjection? = state.withLockedValue { state in
            guard let index = state.index(of: pathID) else { return nil }
            let wasCarrying = state.paths[index].state.carriesData
            state.paths[index].state = newState
            if newState == .failed {
                state.paths[index].link = nil
                state.refreshLinks()
            }
            guard wasCarrying && !newState.carriesData else { return nil }
            return state.reinject(pathAt: index)
        }
        pump(now: now)
        return reinjection
    }

    /// The path's connection is gone: drop the link to it (which also ends the reference cycle
    /// sender → link → path controller → session) without touching the path's state.
    public func detach(pathID: Int) {
        state.withLockedValue { state in
            guard let index = state.index(of: pathID) else { return }
            state.paths[index].link = nil
            state.refreshLinks()
        }
    }

    public func setWritable(_ writable: Bool, forPath pathID: Int) {
        state.withLockedValue { state in
            if let index = state.index(of: pathID) { state.paths[index].writable = writable }
        }
        if writable { pump() }
    }

    public func setSmoothedRTT(_ rtt: Double, forPath pathID: Int) {
        state.withLockedValue { state in
            if let index = state.index(of: pathID) { state.paths[index].smoothedRTT = rtt }
        }
    }

    /// The peer's receive window from its handshake, before any DATA_ACK.
    public func setWindow(_ window: UInt64) {
        state.withLockedValue { $0.window = window }
        pump()
    }

    public func setScheduler(_ kind: SchedulerKind) {
        state.withLockedValue { $0.scheduler.kind = kind }
        pump()
    }

    public var scheduler: SchedulerKind { state.withLockedValue { $0.scheduler.kind } }

    public func pathState(_ pathID: Int) -> PathState? {
        state.withLockedValue { state in state.index(of: pathID).map { state.paths[$0].state } }
    }

    // MARK: Acknowledgements

    public func acknowledge(_ ack: DataAck, onPath pathID: Int, now: UInt64 = NIODeadline.now().uptimeNanoseconds) {
        state.withLockedValue { state in
            if let index = state.index(of: pathID), ack.pathAck <= state.paths[index].sentPathSequence,
                ack.pathAck > state.paths[index].acknowledgedPathSequence
            {
                let newly = ack.pathAck - state.paths[index].acknowledgedPathSequence
                state.paths[index].acknowledgedPathSequence = ack.pathAck
                state.recordDelivery(pathAt: index, bytes: newly * UInt64(state.packetSize), now: now)
            }
            state.window = UInt64(ack.window)
            guard ack.cumulative > state.cumulative, ack.cumulative <= state.nextSequence else { return }
            state.cumulative = ack.cumulative
            while let first = state.queue.first, first.sequence < ack.cumulative {
                state.queue.removeFirst()
            }
            for index in state.reinjections.indices where state.reinjections[index].acknowledgedAt == nil {
                if ack.cumulative > state.reinjections[index].highestSequence {
                    state.reinjections[index].acknowledgedAt = now
                }
            }
        }
        pump(now: now)
    }

    // MARK: Sending

    /// Ends an unbounded source: what was already queued is still delivered.
    public func stopSource() {
        state.withLockedValue { $0.source?.stop() }
    }

    /// Moves the packets assigned to a path into `frames` (swapping buffers, so nothing is allocated).
    public func takePending(forPath pathID: Int, into frames: inout [DataFrame]) {
        state.withLockedValue { state in
            guard let index = state.index(of: pathID) else { return }
            swap(&state.paths[index].pending, &frames)
            state.paths[index].drainScheduled = false
        }
    }

    /// Assigns every packet that may go now to a path and wakes those paths.
    public func pump(now: UInt64 = NIODeadline.now().uptimeNanoseconds) {
        let (wake, links) = state.withLockedValue { state in
            let wake = state.assign(inFlightLimit: inFlightLimit, now: now)
            return (wake, state.links)
        }
        guard wake != 0 else { return }
        for index in links.indices where wake & (1 << UInt64(index)) != 0 {
            links[index]?.wake()
        }
    }

    /// Everything the source produced has been acknowledged (cheaper than building a summary).
    public var isComplete: Bool {
        state.withLockedValue { ($0.source?.isExhausted ?? true) && $0.cumulative == $0.nextSequence }
    }

    public func summary() -> SenderSummary {
        state.withLockedValue { state in
            SenderSummary(
                nextSequence: state.nextSequence, cumulative: state.cumulative, queued: state.queue.count,
                sentBytes: state.sentBytes, sourceExhausted: state.source?.isExhausted ?? true,
                reinjections: Array(state.reinjections),
                paths: state.paths.map {
                    .init(id: $0.id, state: $0.state, inFlightPackets: $0.inFlightPackets,
                          reinjectedPackets: $0.reinjectedPackets, reinjectedBytes: $0.reinjectedBytes)
                })
        }
    }

    public func resetCounters() {
        state.withLockedValue { state in
            for index in state.paths.indices {
                state.paths[index].reinjectedPackets = 0
                state.paths[index].reinjectedBytes = 0
            }
        }
    }
}

public struct SenderSummary: Sendable {
    public var nextSequence: UInt64
    public var cumulative: UInt64
    public var queued: Int
    public var sentBytes: UInt64
    public var sourceExhausted: Bool
    /// The most recent re-injections (`Sender.trackedReinjections`), oldest first.
    public var reinjections: [Sender.Reinjection]
    public var paths: [Path]

    /// Everything the source produced has been acknowledged.
    public var isComplete: Bool { sourceExhausted && cumulative == nextSequence }

    public struct Path: Sendable {
        public var id: Int
        public var state: PathState
        public var inFlightPackets: UInt64
        public var reinjectedPackets: UInt64
        public var reinjectedBytes: UInt64
    }
}

extension Sender.State {
    var packetSize: Int { source?.packetSize ?? 1 }

    func index(of pathID: Int) -> Int? {
        paths.firstIndex { $0.id == pathID }
    }

    @discardableResult
    mutating func append(_ path: OutboundPath) -> Int {
        precondition(path.id > 0 && path.id < 64, "path ids are 1...63")
        paths.append(path)
        paths.sort { $0.id < $1.id }
        refreshLinks()
        return index(of: path.id)!
    }

    mutating func refreshLinks() {
        links = paths.map(\.link)
    }

    mutating func recordDelivery(pathAt index: Int, bytes: UInt64, now: UInt64) {
        let interval: UInt64 = 100_000_000
        // The first acknowledgement opens the first sampling interval.
        guard paths[index].rateSampleStart != 0 else {
            paths[index].rateSampleStart = now
            return
        }
        paths[index].rateSampleBytes += bytes
        let elapsed = now > paths[index].rateSampleStart ? now - paths[index].rateSampleStart : 0
        guard elapsed >= interval else { return }
        let rate = Double(paths[index].rateSampleBytes) / (Double(elapsed) / 1e9)
        // A path that never filled its limit was given less than it could carry: such a sample only
        // shows what it got, so it may raise the estimate but never lower it (as BBR treats
        // application-limited samples). Otherwise a path given little would measure little for ever.
        if paths[index].filledLimit || rate > paths[index].deliveryRate {
            paths[index].deliveryRate = paths[index].deliveryRate == 0 ? rate : 0.75 * paths[index].deliveryRate + 0.25 * rate
        }
        paths[index].filledLimit = false
        paths[index].rateSampleStart = now
        paths[index].rateSampleBytes = 0
    }

    /// Queues for re-sending every unacknowledged packet whose only copy is on the path at `index`.
    mutating func reinject(pathAt index: Int) -> Sender.Reinjection? {
        let pathID = paths[index].id
        let delivered = paths[index].acknowledgedPathSequence
        let bit = UInt64(1) << UInt64(pathID)
        // Assigned but never written: those path sequences were not used on the wire.
        paths[index].sentPathSequence -= UInt64(paths[index].pending.count)
        paths[index].pending.removeAll(keepingCapacity: true)
        paths[index].drainScheduled = false
        var packets: UInt64 = 0
        var bytes: UInt64 = 0
        var highest: UInt64 = 0
        var sequences: [UInt64] = []
        for position in queue.indices {
            queue[position].copies &= ~bit
            guard queue[position].pathID == pathID, queue[position].pathSequence > delivered else { continue }
            if queue[position].copies != 0 {
                // A redundant copy survives elsewhere; its path sequence there is unknown, so a later
                // failure of that path re-injects it too.
                queue[position].pathID = queue[position].copies.trailingZeroBitCount
                queue[position].copies &= ~(UInt64(1) << UInt64(queue[position].pathID))
                queue[position].pathSequence = .max
                continue
            }
            queue[position].pathID = 0
            sequences.append(queue[position].sequence)
            packets += 1
            bytes += UInt64(queue[position].payload.readableBytes)
            highest = queue[position].sequence
        }
        guard packets > 0 else {
            return Sender.Reinjection(pathID: pathID, packets: 0, bytes: 0, highestSequence: 0)
        }
        resend.append(contentsOf: sequences)
        resend.sort()
        paths[index].reinjectedPackets += packets
        paths[index].reinjectedBytes += bytes
        let reinjection = Sender.Reinjection(pathID: pathID, packets: packets, bytes: bytes, highestSequence: highest, id: nextReinjectionID)
        nextReinjectionID += 1
        if reinjections.count == Sender.trackedReinjections { reinjections.removeFirst() }
        reinjections.append(reinjection)
        return reinjection
    }

    /// The scheduling loop. Returns a bit per path index that has new packets to write.
    mutating func assign(inFlightLimit: UInt64, now: UInt64) -> UInt64 {
        var wake: UInt64 = 0
        let anyActive = paths.contains { $0.state == .active }
        let sentAtMicros = now / 1000
        while true {
            var entryIndex: Int?
            while let sequence = resend.first {
                if sequence < cumulative || queue.isEmpty {
                    resend.removeFirst()
                    continue
                }
                entryIndex = Int(sequence - queue.first!.sequence)
                break
            }
            if entryIndex == nil {
                guard nextSequence < cumulative + window, source != nil, !source!.isExhausted else { break }
            }
            var eligible: UInt64 = 0
            for index in paths.indices {
                let path = paths[index]
                guard path.link != nil else { continue }
                guard path.writable, path.inFlightPackets < inFlightLimit else {
                    paths[index].filledLimit = true
                    continue
                }
                if anyActive ? path.state == .active : path.state == .standby {
                    eligible |= 1 << UInt64(index)
                }
            }
            guard let chosen = scheduler.pick(paths, eligible: eligible) else { break }

            let position: Int
            if let entryIndex {
                resend.removeFirst()
                position = entryIndex
                let sequence = queue[entryIndex].sequence
                for reinjection in reinjections.indices
                where reinjections[reinjection].firstSentAt == nil && sequence <= reinjections[reinjection].highestSequence {
                    reinjections[reinjection].firstSentAt = now
                }
            } else {
                guard let payload = source!.next() else { break }
                queue.append(Sender.Entry(sequence: nextSequence, payload: payload, pathID: 0, pathSequence: 0))
                nextSequence += 1
                position = queue.count - 1
            }
            wake |= send(position, onPathAt: chosen, sentAt: sentAtMicros, primary: true)
            if scheduler.kind == .redundant {
                for index in paths.indices where index != chosen && eligible & (1 << UInt64(index)) != 0 {
                    wake |= send(position, onPathAt: index, sentAt: sentAtMicros, primary: false)
                    queue[position].copies |= UInt64(1) << UInt64(paths[index].id)
                }
            }
        }
        return wake
    }

    private mutating func send(_ position: Int, onPathAt index: Int, sentAt: UInt64, primary: Bool) -> UInt64 {
        paths[index].sentPathSequence += 1
        let pathSequence = paths[index].sentPathSequence
        if primary {
            queue[position].pathID = paths[index].id
            queue[position].pathSequence = pathSequence
            queue[position].copies = 0
        }
        let entry = queue[position]
        let bytes = UInt64(entry.payload.readableBytes)
        sentBytes += bytes
        let header = DataHeader(globalSequence: entry.sequence, pathSequence: pathSequence, sentAt: sentAt)
        paths[index].pending.append(DataFrame(header: header, payload: entry.payload))
        guard !paths[index].drainScheduled else { return 0 }
        paths[index].drainScheduled = true
        return UInt64(1) << UInt64(index)
    }
}
