import NIOCore

/// The sending end of a workload: cuts the pattern into packet-sized payloads.
public struct PatternSource: Sendable {
    public let pattern: StreamPattern
    public let packetSize: Int
    /// nil: unbounded until `stop()`.
    public private(set) var remaining: UInt64?
    public private(set) var offset: UInt64 = 0
    private let allocator = ByteBufferAllocator()

    public init(pattern: StreamPattern, packetSize: Int, totalBytes: UInt64?) {
        self.pattern = pattern
        self.packetSize = packetSize
        self.remaining = totalBytes
    }

    public var isExhausted: Bool { remaining == 0 }

    public mutating func stop() { remaining = 0 }

    public mutating func next() -> ByteBuffer? {
        let length = remaining.map { Int(min(UInt64(packetSize), $0)) } ?? packetSize
        guard length > 0 else { return nil }
        var buffer = allocator.buffer(capacity: length)
        pattern.write(from: offset, count: length, into: &buffer)
        offset += UInt64(length)
        if let left = remaining { remaining = left - UInt64(length) }
        return buffer
    }
}
