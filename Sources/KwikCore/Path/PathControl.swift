import KwikSnapshot
import NIOCore

/// A thread-safe handle on a connected path's controller, for actions that must run on its loop.
struct PathControl: Sendable {
    let eventLoop: any EventLoop
    let controller: NIOLoopBound<PathController>

    func run(_ body: @escaping @Sendable (PathController) -> Void) {
        if eventLoop.inEventLoop {
            body(controller.value)
        } else {
            let controller = self.controller
            eventLoop.execute { body(controller.value) }
        }
    }

    func send(_ frame: Frame) {
        run { $0.send(frame) }
    }
}
