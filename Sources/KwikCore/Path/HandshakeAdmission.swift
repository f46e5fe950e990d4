import KwikSnapshot
import Logging
import NIOCore

/// Holds a server connection's place in the registry's `HandshakeGate` from the moment it is accepted
/// (a TLS handshake counts) until its path joins a session, then leaves the pipeline; or until the
/// connection is gone. At the head of the pipeline, so it sees the connection before anything else.
final class HandshakeAdmission: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer

    /// Sent down the pipeline by the path's handler once the path has joined a session.
    struct Completed: Sendable {}

    private let gate: HandshakeGate
    private let logger: Logger
    private var ticket: HandshakeGate.Ticket?

    init(gate: HandshakeGate, logger: Logger) {
        self.gate = gate
        self.logger = logger
    }

    func channelActive(context: ChannelHandlerContext) {
        let channel = context.channel
        let source = channel.remoteAddress?.ipAddress ?? "?"
        let (logger, gate) = (self.logger, self.gate)
        ticket = gate.admit(from: source) { limit in
            let cap =
                limit == .handshakesPerSource
                ? "\(gate.maximumPerSource) allowed from that address" : "\(gate.maximumPending) allowed in all"
            logger.warning("closing a connection from \(source) without a handshake: the oldest of the \(cap)")
            channel.close(promise: nil)
        }
        context.fireChannelActive()
    }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        guard event is Completed else {
            context.triggerUserOutboundEvent(event, promise: promise)
            return
        }
        promise?.succeed()
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        release()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        release()
    }

    private func release() {
        guard let ticket else { return }
        self.ticket = nil
        gate.release(ticket)
    }
}
