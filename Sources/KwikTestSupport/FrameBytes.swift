import KwikCore
import NIOCore

/// `frames` as the engine's own encoder writes them, one after the other.
public func encoded(_ frames: [Frame]) -> ByteBuffer {
    var buffer = ByteBufferAllocator().buffer(capacity: 256)
    for frame in frames { frame.encode(into: &buffer) }
    return buffer
}

/// The bytes of `frames` as the engine encodes them.
public func wireBytes(_ frames: Frame...) -> [UInt8] {
    Array(encoded(frames).readableBytesView)
}

public func dataFrame(global: UInt64, path: UInt64, payload: [UInt8], sentAt: UInt64 = 7) -> Frame {
    let header = DataHeader(globalSequence: global, pathSequence: path, sentAt: sentAt)
    return .data(DataFrame(header: header, payload: ByteBuffer(bytes: payload)))
}

/// What no encoder writes, for hostile peers: a length field claiming `length` bytes (type byte
/// included) and, when given, a type byte, with nothing behind them.
public func frameHeader(length: UInt32, type: UInt8? = nil) -> [UInt8] {
    var buffer = ByteBuffer()
    buffer.writeInteger(length)
    if let type { buffer.writeInteger(type) }
    return Array(buffer.readableBytesView)
}

/// A frame of any type around any body, its length right: unknown types and bodies of the wrong size.
public func rawFrame(type: UInt8, body: [UInt8]) -> [UInt8] {
    frameHeader(length: UInt32(1 + body.count), type: type) + body
}
