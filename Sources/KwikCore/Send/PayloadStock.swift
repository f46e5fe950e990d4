import DequeModule
import NIOCore

/// New payloads written ahead of the scheduler, so that no pattern is written under the sender's lock:
/// under the lock the sender reserves the source's next places and the buffers to write them into
/// (`PayloadFill`), the pumping thread writes them outside it, and under the lock again they join the
/// stock the scheduling loop takes from. One fill runs at a time, so payloads reach the stream in the
/// source's order.
struct PayloadStock {
    /// Payloads written ahead at most: more than an acknowledgement frees at a time.
    static let target = 32
    private var ready: Deque<ByteBuffer> = []
    /// A fill is being written outside the lock; another pump leaves the filling to it.
    private(set) var isFilling = false
    /// The arrays a fill carries, kept between fills so that filling allocates nothing.
    private var places: [(offset: UInt64, length: Int)] = []
    private var buffers: [ByteBuffer?] = []

    init() {
        ready.reserveCapacity(Self.target)
        places.reserveCapacity(Self.target)
        buffers.reserveCapacity(Self.target)
    }

    var count: Int { ready.count }

    /// Nothing written ahead, and nothing being written.
    var isEmpty: Bool { ready.isEmpty && !isFilling }

    /// The oldest payload written ahead.
    mutating func take() -> ByteBuffer? { ready.popFirst() }

    /// Reserves up to `room` of the source's next payloads, at most what tops the stock up to its
    /// target; nil when nothing is reserved or a fill already runs.
    mutating func reserve(from source: inout PatternSource, room: UInt64, now: UInt64) -> PayloadFill? {
        guard !isFilling else { return nil }
        let wanted = min(room, UInt64(max(Self.target - ready.count, 0)))
        guard wanted > 0 else { return nil }
        var fill = PayloadFill(source: source, places: [], buffers: [])
        swap(&fill.places, &places)
        swap(&fill.buffers, &buffers)
        while fill.places.count < wanted, let place = source.reserve(now: now) {
            fill.places.append(place)
            fill.buffers.append(nil)
        }
        guard !fill.places.isEmpty else {
            swap(&fill.places, &places)
            swap(&fill.buffers, &buffers)
            return nil
        }
        isFilling = true
        return fill
    }

    /// Stocks what a fill wrote, in order, and keeps its arrays for the next one (taken in place: a
    /// copy would share them, and emptying them would allocate).
    mutating func stock(_ fill: inout PayloadFill) {
        for index in fill.buffers.indices {
            if let payload = fill.buffers[index].take() { ready.append(payload) }
        }
        fill.places.removeAll(keepingCapacity: true)
        fill.buffers.removeAll(keepingCapacity: true)
        swap(&fill.places, &places)
        swap(&fill.buffers, &buffers)
        isFilling = false
    }
}

/// Payloads reserved under the sender's lock, written by the pumping thread outside it.
struct PayloadFill {
    /// A copy of the source when the places were reserved: what writes the pattern.
    let source: PatternSource
    fileprivate var places: [(offset: UInt64, length: Int)]
    /// A buffer to write into (or nil) before `write()`, the payload after.
    fileprivate var buffers: [ByteBuffer?]

    /// Acknowledged payloads to write into, as many as the queue keeps.
    mutating func takeSpares(from queue: inout RetransmitQueue) {
        for index in buffers.indices {
            guard let spare = queue.takeSpare() else { return }
            buffers[index] = spare
        }
    }

    mutating func write() {
        for index in places.indices {
            // Taken out of the array first: a buffer held twice could not be written without a copy.
            var reusable = buffers[index].take()
            let place = places[index]
            buffers[index] = source.payload(at: place.offset, length: place.length, reusing: &reusable)
        }
    }
}
