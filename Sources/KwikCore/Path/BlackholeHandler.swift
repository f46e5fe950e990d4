import DequeModule
import NIOCore

/// Makes a path a black hole on demand: open, but nothing goes through in either direction. Reads
/// stop and writes are held, as a silent network would hold them in TCP buffers; `restore` lets it all
/// through again in order, so the byte stream stays intact and both ends must notice the silence
/// by themselves.
final class BlackholeHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private var active = false
    private var readPending = false
    private var held: Deque<(NIOAny, EventLoopPromise<Void>?)> = []

    func set(_ blackholed: Bool, context: ChannelHandlerContext) {
        guard blackholed != active else { return }
        active = blackholed
        guard !blackholed else { return }
        while let (data, promise) = held.popFirst() {
            context.write(data, promise: promise)
        }
        context.flush()
        if readPending {
            readPending = false
            context.read()
        }
    }

    func read(context: ChannelHandlerContext) {
        if active {
            readPending = true
        } else {
            context.read()
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if active {
            held.append((data, promise))
        } else {
            context.write(data, promise: promise)
        }
    }

    func flush(context: ChannelHandlerContext) {
        if !active { context.flush() }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireChannelRead(data)
    }
}
