import NIOCore

/// How the sender reaches a path: its event loop, and the closure that writes the path's pending
/// packets there. Packets are assigned under the sender's lock from any thread; writes happen on the
/// path's own loop.
public struct PathLink: Sendable {
    public let eventLoop: any EventLoop
    public let drain: @Sendable () -> Void

    public init(eventLoop: any EventLoop, drain: @escaping @Sendable () -> Void) {
        self.eventLoop = eventLoop
        self.drain = drain
    }

    func wake() {
        if eventLoop.inEventLoop {
            drain()
        } else {
            eventLoop.execute(drain)
        }
    }
}
