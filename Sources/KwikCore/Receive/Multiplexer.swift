import NIOConcurrencyHelpers
import NIOCore
import Synchronization

/// The session's reorder point: every path's reader hands its packets here (see `PacketHandOff`),
/// and the multiplexer hands them to the sink in global order.
public final class Multiplexer: Sendable {
    private let state: NIOLockedValueBox<State>
    private let nextExpectedValue = Atomic<UInt64>(0)
    /// The window advertised first (in HELLO and HELLO_ACK), in packets.
    public let initialWindow: Int
    /// The most the window may grow to, in packets: no correct peer sends beyond it.
    public let windowBudget: Int
    /// Most payload bytes of out-of-order packets held at once.
    public let maximumBufferedBytes: Int
    public let sink: any DeliverySink

    private struct State {
        var buffer: ReorderBuffer
        var tuner: ReceiveWindowTuner
    }

    /// - Parameter windowBudget: how far the window may grow, in packets; nil keeps it at `window`.
    public init(
        window: Int, maximumPathID: Int, sink: any DeliverySink, maximumBufferedBytes: Int = .max,
        windowBudget: Int? = nil
    ) {
        let budget = max(windowBudget ?? window, window)
        self.initialWindow = window
        self.windowBudget = budget
        self.maximumBufferedBytes = maximumBufferedBytes
        self.sink = sink
        self.state = NIOLockedValueBox(
            State(
                buffer: ReorderBuffer(
                    capacity: budget, maximumPathID: maximumPathID, maximumBufferedBytes: maximumBufferedBytes),
                tuner: ReceiveWindowTuner(initial: window, budget: budget)))
    }

    /// What a DATA_ACK carries now: the cumulative acknowledgement and the window beyond it (see
    /// `ReceiveWindowTuner`), read together.
    public func advertise(now: UInt64 = NIODeadline.now().uptimeNanoseconds) -> (cumulative: UInt64, window: Int) {
        state.withLockedValue { state in
            let cumulative = state.buffer.nextExpected
            return (cumulative, state.tuner.advertise(cumulative: cumulative, now: now))
        }
    }

    /// Every sequence a correct peer may have sent so far is below this: the edge of every window
    /// advertised, and at least the initial window past what was delivered.
    public var allowedEdge: UInt64 {
        state.withLockedValue { state in max(state.tuner.edge, state.buffer.nextExpected &+ UInt64(initialWindow)) }
    }

    /// The largest smoothed RTT and the largest minimum RTT among the session's paths (microseconds):
    /// the window covers the second, and a trial of a larger one lasts a few of the first.
    public func setLargestRTT(smoothed: Double, minimum: Double) {
        state.withLockedValue { state in
            state.tuner.largestRTT = smoothed
            state.tuner.largestBaseRTT = minimum
        }
    }

    /// Takes ownership of `packet`. Returns `.outsideWindow` or `.overByteLimit` when the peer broke
    /// the protocol.
    public func push(_ packet: Packet) -> ReorderBufferOutcome {
        state.withLockedValue { state in
            // Read under the lock: stall times from different loops must be in order.
            let now = NIODeadline.now().uptimeNanoseconds
            let sink = self.sink
            let outcome = Self.admit(packet, into: &state, now: now) { delivered in
                sink.deliver(delivered)
                delivered.release()
            }
            nextExpectedValue.store(state.buffer.nextExpected, ordering: .releasing)
            return outcome
        }
    }

    /// Takes ownership of a read's packets in one turn of the lock, and hands what they complete to
    /// the sink together. Stops at the first packet the peer had no right to send and returns its
    /// refusal and sequence, releasing the packets after it. Delivered packets go back to their pools
    /// after the lock, and the batch is left empty for the next read.
    public func push(_ batch: inout PacketBatch) -> (refusal: ReorderBufferOutcome, sequence: UInt64)? {
        let refusal: (refusal: ReorderBufferOutcome, sequence: UInt64)? = state.withLockedValue { state in
            let now = NIODeadline.now().uptimeNanoseconds
            var refusal: (refusal: ReorderBufferOutcome, sequence: UInt64)?
            for packet in batch.packets {
                let sequence = packet.header.globalSequence
                guard refusal == nil else {
                    packet.release()
                    continue
                }
                let outcome = Self.admit(packet, into: &state, now: now) { batch.delivered.append($0) }
                if outcome == .outsideWindow || outcome == .overByteLimit { refusal = (outcome, sequence) }
            }
            if !batch.delivered.isEmpty { sink.deliver(batch.delivered[...]) }
            nextExpectedValue.store(state.buffer.nextExpected, ordering: .releasing)
            return refusal
        }
        batch.packets.removeAll(keepingCapacity: true)
        batch.releaseDelivered()
        return refusal
    }

    /// A packet within the window goes into the reorder buffer, which hands `deliver` what it completes;
    /// one beyond it is released and refused.
    private static func admit(
        _ packet: Packet, into state: inout State, now: UInt64, deliver: (Packet) -> Void
    ) -> ReorderBufferOutcome {
        guard state.tuner.received(packet.header.globalSequence, cumulative: state.buffer.nextExpected) else {
            packet.release()
            return .outsideWindow
        }
        return state.buffer.push(packet, now: now, deliver: deliver)
    }

    /// Every global sequence below this one has been delivered (what DATA_ACK carries).
    public var nextExpected: UInt64 { nextExpectedValue.load(ordering: .acquiring) }

    /// A new connection of `path` starts its path sequence; returns the number its packets carry.
    public func resetPathSequence(_ path: Int) -> UInt64 {
        state.withLockedValue { $0.buffer.resetPathSequence(path) }
    }

    public func resetCounters() {
        state.withLockedValue { $0.buffer.resetCounters() }
    }

    public func summary() -> MultiplexerSummary {
        let now = NIODeadline.now().uptimeNanoseconds
        return state.withLockedValue { state in
            let b = state.buffer
            return MultiplexerSummary(
                nextExpected: b.nextExpected, depth: b.depth, bufferedBytes: b.bufferedBytes, highWater: b.highWater,
                duplicates: b.duplicates,
                reorderEvents: b.reorderEvents, deliveryOrderViolations: b.deliveryOrderViolations,
                deliveredBytes: b.deliveredBytes, deliveredPackets: b.deliveredPackets,
                stallNanos: b.stallNanos(now: now), advertisedWindow: state.tuner.window, windowBudget: windowBudget,
                perPath: b.perPath.map {
                    .init(
                        orderingViolations: $0.orderingViolations, duplicates: $0.duplicates,
                        deliveredBytes: $0.deliveredBytes)
                })
        }
    }
}

public enum ReorderBufferOutcome: Sendable, Equatable {
    case accepted
    case duplicate
    /// Beyond the advertised window: the peer broke the protocol.
    case outsideWindow
    /// Out of order, and the buffered bytes would exceed their maximum: no correct peer gets here.
    case overByteLimit
}

public struct MultiplexerSummary: Sendable {
    public var nextExpected: UInt64
    public var depth: Int
    /// Payload bytes of the packets waiting in the reorder buffer.
    public var bufferedBytes: Int
    public var highWater: Int
    public var duplicates: UInt64
    public var reorderEvents: UInt64
    public var deliveryOrderViolations: UInt64
    public var deliveredBytes: UInt64
    public var deliveredPackets: UInt64
    public var stallNanos: UInt64
    /// The receive window advertised now, in packets (it grows while it limits delivery and shrinks
    /// when idle).
    public var advertisedWindow: Int
    /// The most it may grow to, in packets: the session's memory budget over the packet size.
    public var windowBudget: Int
    /// Indexed by path id.
    public var perPath: [PathOrder]

    public struct PathOrder: Sendable {
        public var orderingViolations: UInt64
        public var duplicates: UInt64
        public var deliveredBytes: UInt64
    }
}
