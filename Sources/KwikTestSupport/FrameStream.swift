import KwikCore
import NIOCore

/// A byte stream, arriving in pieces, cut into the frames it carries by the engine's parser. Each
/// frame comes with the bytes it was read from, so a relay can pass them on untouched.
public struct FrameStream {
    private let parser: FrameParser
    private var pending = ByteBuffer()

    public init(maximumFrameLength: Int = 1 << 20) {
        parser = FrameParser(maximumFrameLength: maximumFrameLength)
    }

    public mutating func append(_ bytes: ByteBuffer) {
        guard pending.readableBytes > 0 else {
            pending = bytes
            return
        }
        var bytes = bytes
        pending.discardReadBytes()
        pending.writeBuffer(&bytes)
    }

    /// The next whole frame, nil until one has arrived; throws the parser's error on bad bytes.
    public mutating func next() throws -> (frame: Frame, wire: ByteBuffer)? {
        var rest = pending
        guard let frame = try parser.next(from: &rest) else { return nil }
        return (frame, pending.readSlice(length: rest.readerIndex - pending.readerIndex)!)
    }

    /// Every whole frame that has arrived.
    public mutating func frames() throws -> [Frame] {
        var frames: [Frame] = []
        while let read = try next() { frames.append(read.frame) }
        return frames
    }
}
