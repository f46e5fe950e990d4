/// Restores global order: a bounded ring keyed by global sequence, plus the counters that prove
/// what happened. Pure logic; `Multiplexer` puts it behind a lock.
struct ReorderBuffer {
    /// Every global sequence below this one has been delivered.
    private(set) var nextExpected: UInt64 = 0
    private var slots: [Packet?]
    /// Most payload bytes the parked (out-of-order) packets may hold together.
    let maximumBufferedBytes: Int
    private(set) var depth = 0
    private(set) var bufferedBytes = 0
    private(set) var highWater = 0
    private(set) var duplicates: UInt64 = 0
    private(set) var reorderEvents: UInt64 = 0
    private(set) var deliveryOrderViolations: UInt64 = 0
    private(set) var deliveredBytes: UInt64 = 0
    private(set) var deliveredPackets: UInt64 = 0
    private var lastDelivered: UInt64?
    private(set) var stallNanos: UInt64 = 0
    private var stallStartedAt: UInt64?
    private(set) var perPath: [PathOrder]

    struct PathOrder {
        /// The path id's newest connection: only its packets are held to its path sequence.
        var connection: UInt64 = 0
        var lastPathSequence: UInt64 = 0
        var orderingViolations: UInt64 = 0
        var duplicates: UInt64 = 0
        var deliveredBytes: UInt64 = 0
    }

    typealias Outcome = ReorderBufferOutcome

    init(capacity: Int, maximumPathID: Int, maximumBufferedBytes: Int = .max) {
        precondition(capacity > 0)
        slots = Array(repeating: nil, count: capacity)
        self.maximumBufferedBytes = maximumBufferedBytes
        perPath = Array(repeating: PathOrder(), count: maximumPathID + 1)
    }

    /// Accepts one packet and delivers, in order, everything that became contiguous. `deliver` gets each
    /// packet in global order and owns it afterwards (it must release it).
    mutating func push(_ packet: Packet, now: UInt64, deliver: (Packet) -> Void) -> Outcome {
        let sequence = packet.header.globalSequence
        let path = packet.pathID
        // What a replaced connection still delivers (make before break) runs on its own sequence.
        if packet.connection == perPath[path].connection {
            if packet.header.pathSequence != perPath[path].lastPathSequence &+ 1 {
                perPath[path].orderingViolations += 1
            }
            perPath[path].lastPathSequence = packet.header.pathSequence
        }

        if sequence < nextExpected {
            duplicates += 1
            perPath[path].duplicates += 1
            packet.release()
            return .duplicate
        }
        let offset = sequence - nextExpected
        guard offset < UInt64(slots.count) else {
            packet.release()
            return .outsideWindow
        }
        if offset > 0 {
            let index = slot(for: sequence)
            if slots[index] != nil {
                duplicates += 1
                perPath[path].duplicates += 1
                packet.release()
                return .duplicate
            }
            let bytes = packet.payload.readableBytes
            guard bytes <= maximumBufferedBytes - bufferedBytes else {
                packet.release()
                return .overByteLimit
            }
            reorderEvents += 1
            if depth == 0 { stallStartedAt = now }
            slots[index] = packet
            depth += 1
            bufferedBytes += bytes
            highWater = max(highWater, depth)
            return .accepted
        }
        emit(packet, deliver: deliver)
        while depth > 0 {
            let index = slot(for: nextExpected)
            guard let next = slots[index] else { break }
            slots[index] = nil
            depth -= 1
            bufferedBytes -= next.payload.readableBytes
            emit(next, deliver: deliver)
        }
        if depth == 0, let started = stallStartedAt {
            stallNanos += now > started ? now - started : 0
            stallStartedAt = nil
        }
        return .accepted
    }

    /// A path (re)joined: its path sequence starts again from 1.
    /// A new connection of `path` starts its path sequence; returns the number its packets carry.
    mutating func resetPathSequence(_ path: Int) -> UInt64 {
        perPath[path].connection &+= 1
        perPath[path].lastPathSequence = 0
        return perPath[path].connection
    }

    /// Head-of-line stall time so far, including a stall still going on.
    func stallNanos(now: UInt64) -> UInt64 {
        stallNanos + (stallStartedAt.map { now > $0 ? now - $0 : 0 } ?? 0)
    }

    mutating func resetCounters() {
        duplicates = 0
        reorderEvents = 0
        highWater = depth
        stallNanos = 0
        for index in perPath.indices {
            perPath[index].orderingViolations = 0
            perPath[index].duplicates = 0
        }
    }

    private func slot(for sequence: UInt64) -> Int {
        Int(sequence % UInt64(slots.count))
    }

    private mutating func emit(_ packet: Packet, deliver: (Packet) -> Void) {
        let sequence = packet.header.globalSequence
        if let last = lastDelivered, sequence != last &+ 1 { deliveryOrderViolations += 1 }
        lastDelivered = sequence
        nextExpected = sequence + 1
        let bytes = UInt64(packet.payload.readableBytes)
        deliveredBytes += bytes
        deliveredPackets += 1
        perPath[packet.pathID].deliveredBytes += bytes
        deliver(packet)
    }
}
