import KwikSnapshot
import NIOCore

/// A thread-safe handle on a connected path's handler, for actions that must run on its loop.
struct PathControl: Sendable {
    let eventLoop: any EventLoop
    let handler: NIOLoopBound<PathChannelHandler>

    func run(_ body: @escaping @Sendable (PathChannelHandler) -> Void) {
        if eventLoop.inEventLoop {
            body(handler.value)
        } else {
            let handler = self.handler
            eventLoop.execute { body(handler.value) }
        }
    }

    func send(_ frame: Frame) {
        run { $0.send(frame) }
    }
}
