import KwikSnapshot
import NIOConcurrencyHelpers
import NIOCore

/// The session's send side. Every packet stays in the retransmit queue until the cumulative DATA_ACK
/// covers it; packets in flight on a path that stops carrying data are re-injected on the others at
/// once. The sender never exceeds the peer's window (itself never above `maximumWindow`), a path's
/// in-flight limit or its writability: it waits, it never drops.
///
/// Each path's connection has a number (`PathRecord.connected`): what an older connection of the
/// path id reports (writability, path acks, drains) is not taken for the current one's.
public final class Sender: Sendable {
    /// Paths are bits of a 64-bit word in the scheduling loop.
    public static let highestPathID = 63

    public let inFlightLimit: UInt64
    /// The most packets beyond the cumulative acknowledgement this end keeps, whatever window the peer
    /// announces: the retransmit queue, and so the memory a peer can make this end hold, stops there.
    public let maximumWindow: UInt64
    private let state: NIOLockedValueBox<SenderState>

    /// - Parameter initialInFlight: what a path may hold before its sending model has estimates (nil:
    ///   the engine's default).
    public init(
        source: PatternSource?, window: UInt64, maximumWindow: UInt64, scheduler: SchedulerKind, inFlightLimit: UInt64,
        initialInFlight: UInt64? = nil
    ) {
        self.inFlightLimit = inFlightLimit
        self.maximumWindow = maximumWindow
        self.state = NIOLockedValueBox(
            SenderState(
                source: source, window: window, windowCap: maximumWindow, scheduler: Scheduler(kind: scheduler),
                inFlightLimit: inFlightLimit,
                initialInFlight: initialInFlight ?? EngineConfiguration().initialInFlight))
    }

    // MARK: Paths

    /// A path is created (or re-created) for a fresh connection, number `connection` of its path id;
    /// its path sequence restarts.
    public func register(pathID: Int, connection: Int, link: PathLink?, standby: Bool) {
        state.withLockedValue { state in
            guard let index = state.index(of: pathID) ?? state.append(state.newPath(id: pathID, state: .connecting))
            else { return }
            // A new connection can win the race against the old one's close: what the old one had in
            // flight must not be forgotten.
            if state.paths[index].state.carriesData || state.paths[index].state == .disabled {
                _ = state.reinject(pathAt: index)
            }
            let old = state.paths[index]
            // The new connection most likely runs over the same link: the model's estimates stand.
            var path = OutboundPath(
                id: pathID, state: old.state == .disabled ? .disabled : standby ? .standby : .active, model: old.model)
            path.link = link
            path.connection = connection
            path.lastProgressNanos = NIODeadline.now().uptimeNanoseconds
            path.reinjectedPackets = old.reinjectedPackets
            path.reinjectedBytes = old.reinjectedBytes
            path.opportunisticReinjections = old.opportunisticReinjections
            path.headOfLineNanos = old.headOfLineNanos
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
                _ = state.append(state.newPath(id: pathID, state: pathState))
            }
        }
    }

    /// Moves a path to `newState`. Leaving a data-carrying state re-injects its unacknowledged packets;
    /// entering one lets it carry data again. Returns the re-injection, if this caused one.
    @discardableResult
    public func setState(
        _ newState: PathState, forPath pathID: Int, now: UInt64 = NIODeadline.now().uptimeNanoseconds
    ) -> Reinjection? {
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
    /// sender → link → path handler → session) without touching the path's state.
    public func detach(pathID: Int) {
        state.withLockedValue { state in
            guard let index = state.index(of: pathID) else { return }
            state.paths[index].link = nil
            state.refreshLinks()
        }
    }

    public func setWritable(_ writable: Bool, forPath pathID: Int, connection: Int) {
        let changed = state.withLockedValue { state in
            guard let index = state.index(of: pathID, connection: connection) else { return false }
            state.paths[index].writable = writable
            return true
        }
        if changed && writable { pump() }
    }

    /// An RTT sample of the path (microseconds) and its smoothed RTT after it.
    public func rttSample(
        _ sample: Double, smoothed: Double, forPath pathID: Int, now: UInt64 = NIODeadline.now().uptimeNanoseconds
    ) {
        state.withLockedValue { state in
            if let index = state.index(of: pathID) {
                state.paths[index].model.rttSample(sample, smoothed: smoothed, now: now)
            }
        }
    }

    /// The peer's receive window from its handshake, before any DATA_ACK.
    public func setWindow(_ window: UInt64) {
        state.withLockedValue { $0.window = min(window, maximumWindow) }
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

    /// Takes a DATA_ACK that arrived on connection `connection` of path `pathID`. Throws, changing
    /// nothing, when no correct peer could have sent it: a cumulative acknowledgement of packets never
    /// sent, or a path acknowledgement of path sequences never written on that connection. The path
    /// acknowledgement of an older connection of the path id is not this one's, so only its
    /// cumulative part and window count.
    public func acknowledge(
        _ ack: DataAck, onPath pathID: Int, connection: Int, now: UInt64 = NIODeadline.now().uptimeNanoseconds
    ) throws {
        try state.withLockedValue { state in
            let index = state.index(of: pathID, connection: connection)
            if let index {
                let written = state.paths[index].writtenPathSequence
                guard ack.pathAck <= written else {
                    throw ProtocolViolation(
                        "DATA_ACK for path sequence \(ack.pathAck), but only \(written) were sent on path \(pathID)")
                }
            }
            guard ack.cumulative <= state.queue.nextSequence else {
                throw ProtocolViolation(
                    "DATA_ACK up to sequence \(ack.cumulative), but only \(state.queue.nextSequence) were sent")
            }
            if let index { state.acknowledge(pathAck: ack.pathAck, pathAt: index, now: now) }
            state.window = min(UInt64(ack.window), maximumWindow)
            if state.queue.acknowledge(cumulative: ack.cumulative) {
                state.reinjections.acknowledged(below: ack.cumulative, at: now)
            }
        }
        pump(now: now)
    }

    // MARK: Sending

    /// Ends an unbounded source: what was already queued is still delivered.
    public func stopSource() {
        state.withLockedValue { $0.source?.stop() }
    }

    /// Moves the packets assigned to a path's connection into `frames` (swapping buffers, so nothing is
    /// allocated); an older connection of the path id gets nothing.
    public func takePending(forPath pathID: Int, connection: Int, into frames: inout [DataFrame]) {
        state.withLockedValue { state in
            guard let index = state.index(of: pathID, connection: connection) else { return }
            swap(&state.paths[index].pending, &frames)
            state.paths[index].drainScheduled = false
        }
    }

    /// Assigns every packet that may go now to a path and wakes those paths. New payloads are
    /// written here, between two turns of the lock (`PayloadStock`), and assigned in the next turn.
    public func pump(now: UInt64 = NIODeadline.now().uptimeNanoseconds) {
        while true {
            let (wake, links, reserved) = state.withLockedValue { state in
                (state.assign(now: now), state.links, state.reserveFill(now: now))
            }
            for index in links.indices where wake & (1 << UInt64(index)) != 0 {
                links[index]?.wake()
            }
            guard var fill = reserved else { return }
            fill.write()
            state.withLockedValue { $0.stock.stock(&fill) }
        }
    }

    /// Everything the source produced has been acknowledged.
    public var isComplete: Bool { state.withLockedValue { $0.isComplete } }

    /// The most recent re-injections (`ReinjectionTracker.capacity`), oldest first. (An empty deque is
    /// not copied: copying one writes the runtime's shared empty-array storage, which ThreadSanitizer
    /// reports as a race between two sessions.)
    public var reinjections: [Reinjection] {
        state.withLockedValue { $0.reinjections.recent.isEmpty ? [] : Array($0.reinjections.recent) }
    }

    public func summary(now: UInt64 = NIODeadline.now().uptimeNanoseconds) -> SenderSummary {
        state.withLockedValue { $0.summary(now: now) }
    }

    public func resetCounters() {
        state.withLockedValue { state in
            for index in state.paths.indices {
                state.paths[index].reinjectedPackets = 0
                state.paths[index].reinjectedBytes = 0
                state.paths[index].opportunisticReinjections = 0
                state.paths[index].headOfLineNanos = 0
            }
        }
    }
}
