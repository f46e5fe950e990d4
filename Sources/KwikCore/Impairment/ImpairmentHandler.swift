import DequeModule
import NIOCore

/// Shapes what a path sends: every write leaves after the serialisation time its size takes at the
/// profile's rate, then travels for the delay plus jitter. Order is kept, as TCP would keep it.
final class ImpairmentHandler: ChannelOutboundHandler {
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let profile: ImpairmentProfile
    private var queue: Deque<(release: NIODeadline, data: ByteBuffer, promise: EventLoopPromise<Void>?)> = []
    private var lastDeparture = NIODeadline.uptimeNanoseconds(0)
    private var lastRelease = NIODeadline.uptimeNanoseconds(0)
    private var timer: Scheduled<Void>?
    private var generator = SystemRandomNumberGenerator()

    init(profile: ImpairmentProfile) {
        self.profile = profile
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let buffer = unwrapOutboundIn(data)
        let now = context.eventLoop.now
        var departure = max(now, lastDeparture)
        if let rate = profile.rate {
            departure = departure + .nanoseconds(Int64(Double(buffer.readableBytes * 8) / rate * 1e9))
        }
        lastDeparture = departure
        var release = departure + profile.delay
        if profile.jitter > .zero {
            release = release + .nanoseconds(Int64.random(in: 0...profile.jitter.nanoseconds, using: &generator))
        }
        release = max(release, lastRelease)
        lastRelease = release
        queue.append((release, buffer, promise))
        if timer == nil { arm(context: context) }
    }

    /// Flushing is this handler's job: it happens when data is due.
    func flush(context: ChannelHandlerContext) {}

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        while let held = queue.popFirst() {
            held.promise?.fail(ChannelError.ioOnClosedChannel)
        }
    }

    private func arm(context: ChannelHandlerContext) {
        guard let head = queue.first else {
            timer = nil
            return
        }
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(deadline: head.release) {
            let (handler, context) = bound.value
            handler.release(context: context)
        }
    }

    private func release(context: ChannelHandlerContext) {
        let now = context.eventLoop.now
        var wrote = false
        while let head = queue.first, head.release <= now {
            queue.removeFirst()
            context.write(wrapOutboundOut(head.data), promise: head.promise)
            wrote = true
        }
        if wrote { context.flush() }
        arm(context: context)
    }
}
