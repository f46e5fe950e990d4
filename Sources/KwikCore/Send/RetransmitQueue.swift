import DequeModule
import NIOCore

/// Every packet sent and not yet covered by the cumulative DATA_ACK, oldest first, with the path that
/// carries it, and the sequences waiting to be sent again because their path failed.
struct RetransmitQueue {
    struct Entry {
        let sequence: UInt64
        let payload: ByteBuffer
        /// The path carrying the copy that counts; 0 while waiting to be sent again.
        var pathID: Int
        var pathSequence: UInt64
        /// Ids (as bits) of other paths holding a redundant copy.
        var copies: UInt64 = 0
        /// When the copy that counts was handed to its path (nanoseconds).
        var sentAt: UInt64 = 0
    }

    /// What a failed path left to send again.
    struct Orphans {
        var packets: UInt64 = 0
        var bytes: UInt64 = 0
        var highestSequence: UInt64 = 0
    }

    private(set) var entries: Deque<Entry> = []
    private var resend: Deque<UInt64> = []
    /// Payloads acknowledged, kept for the source to fill again: a buffer the socket has let go of
    /// is reused instead of allocated.
    private var spare: [ByteBuffer] = []
    static let spareLimit = 256
    /// The sequence the next new packet gets.
    private(set) var nextSequence: UInt64 = 0
    /// Every sequence below this one has been acknowledged.
    private(set) var cumulative: UInt64 = 0

    var isFullyAcknowledged: Bool { cumulative == nextSequence }

    /// Sequences waiting to be sent again (some may have been acknowledged meanwhile).
    var resendCount: Int { resend.count }

    subscript(position: Int) -> Entry {
        get { entries[position] }
        _modify { yield &entries[position] }
    }

    /// Queues a new packet; returns its position.
    mutating func append(_ payload: ByteBuffer) -> Int {
        entries.append(Entry(sequence: nextSequence, payload: payload, pathID: 0, pathSequence: 0))
        nextSequence += 1
        return entries.count - 1
    }

    /// Drops what `cumulative` covers; false when it brings nothing new (or more than was sent).
    mutating func acknowledge(cumulative newCumulative: UInt64) -> Bool {
        guard newCumulative > cumulative, newCumulative <= nextSequence else { return false }
        cumulative = newCumulative
        while let first = entries.first, first.sequence < newCumulative {
            let entry = entries.removeFirst()
            if spare.count < Self.spareLimit { spare.append(entry.payload) }
        }
        return true
    }

    /// An acknowledged payload's buffer for the source to fill again, if one is kept.
    mutating func takeSpare() -> ByteBuffer? { spare.popLast() }

    /// The position of the next packet to send again, skipping those acknowledged meanwhile.
    mutating func nextResend() -> Int? {
        while let sequence = resend.first {
            guard let first = entries.first, sequence >= cumulative, sequence >= first.sequence else {
                resend.removeFirst()
                continue
            }
            return Int(sequence - first.sequence)
        }
        return nil
    }

    /// The packet `nextResend()` returned is being sent.
    mutating func resendTaken() {
        resend.removeFirst()
    }

    /// Queues for re-sending every unacknowledged packet whose only copy is on `pathID`, beyond the
    /// path sequence `delivered` that path had acknowledged.
    mutating func orphan(pathID: Int, delivered: UInt64) -> Orphans {
        let bit = UInt64(1) << UInt64(pathID)
        var orphans = Orphans()
        var sequences: [UInt64] = []
        for position in entries.indices {
            entries[position].copies &= ~bit
            guard entries[position].pathID == pathID, entries[position].pathSequence > delivered else { continue }
            if entries[position].copies != 0 {
                // A redundant copy survives elsewhere; its path sequence there is unknown, so a later
                // failure of that path re-injects it too.
                let survivor = entries[position].copies.trailingZeroBitCount
                entries[position].pathID = survivor
                entries[position].copies &= ~(UInt64(1) << UInt64(survivor))
                entries[position].pathSequence = .max
                continue
            }
            entries[position].pathID = 0
            sequences.append(entries[position].sequence)
            orphans.packets += 1
            orphans.bytes += UInt64(entries[position].payload.readableBytes)
            orphans.highestSequence = entries[position].sequence
        }
        if !sequences.isEmpty {
            resend.append(contentsOf: sequences)
            resend.sort()
        }
        return orphans
    }
}
