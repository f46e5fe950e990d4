import NIOCore

/// The sending end of a workload: cuts the pattern into packet-sized payloads.
public struct PatternSource: Sendable {
    public let pattern: StreamPattern
    public let packetSize: Int
    /// nil: unbounded until `stop()`.
    public private(set) var remaining: UInt64?
    public private(set) var offset: UInt64 = 0
    /// nil: as fast as the paths take it.
    public private(set) var pace: SourcePace?
    private let allocator = ByteBufferAllocator()

    /// - Parameter rate: the application's rate in bytes per second; nil: unpaced.
    public init(pattern: StreamPattern, packetSize: Int, totalBytes: UInt64?, rate: UInt64? = nil) {
        self.pattern = pattern
        self.packetSize = packetSize
        self.remaining = totalBytes
        self.pace = rate.map { SourcePace(rate: $0, packetSize: packetSize) }
    }

    public var isExhausted: Bool { remaining == 0 }

    public mutating func stop() { remaining = 0 }

    /// Packets the source would give at `now`: all it has unless paced.
    public mutating func ready(now: UInt64) -> UInt64 {
        // Rounded up without adding first: a peer's byte count may be as large as UInt64 holds.
        let size = UInt64(max(packetSize, 1))
        let left = remaining.map { $0 / size + ($0 % size == 0 ? 0 : 1) } ?? .max
        guard pace != nil else { return left }
        return min(left, pace!.ready(packetSize: packetSize, now: now))
    }

    /// Takes the next payload's place in the stream, its offset and length, without writing it; nil
    /// once exhausted, or while a paced source is ahead of its rate.
    public mutating func reserve(now: UInt64) -> (offset: UInt64, length: Int)? {
        let length = remaining.map { Int(min(UInt64(packetSize), $0)) } ?? packetSize
        guard length > 0 else { return nil }
        if pace != nil {
            guard pace!.ready(packetSize: packetSize, now: now) > 0 else { return nil }
            pace!.take(length)
        }
        let place = (offset, length)
        offset += UInt64(length)
        if let left = remaining { remaining = left - UInt64(length) }
        return place
    }

    /// The payload at a reserved place.
    /// - Parameter reusable: a buffer done with, always taken (left nil): filled when nothing else
    ///   holds it and it is large enough, dropped otherwise.
    public func payload(at offset: UInt64, length: Int, reusing reusable: inout ByteBuffer?) -> ByteBuffer {
        var buffer = reused(&reusable, length: length) ?? allocator.buffer(capacity: length)
        pattern.write(from: offset, count: length, into: &buffer)
        return buffer
    }

    /// The next payload; nil once exhausted, or while a paced source is ahead of its rate.
    /// - Parameter reusable: as for `payload(at:length:reusing:)`; left as it is when no payload is made.
    public mutating func next(now: UInt64, reusing reusable: inout ByteBuffer?) -> ByteBuffer? {
        guard let place = reserve(now: now) else { return nil }
        return payload(at: place.offset, length: place.length, reusing: &reusable)
    }

    /// The next payload, in a new buffer.
    public mutating func next(now: UInt64) -> ByteBuffer? {
        var nothing: ByteBuffer?
        return next(now: now, reusing: &nothing)
    }

    private func reused(_ reusable: inout ByteBuffer?, length: Int) -> ByteBuffer? {
        guard var buffer = reusable.take() else { return nil }
        // A buffer the socket still holds (a redundant copy not yet written) is left to it.
        guard buffer.capacity >= length, buffer.modifyIfUniquelyOwned({ $0.clear() }) != nil else { return nil }
        return buffer
    }
}
