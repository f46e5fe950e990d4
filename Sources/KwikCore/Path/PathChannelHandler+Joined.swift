import KwikSnapshot
import NIOCore

/// The joined path's control plane: what its liveness decides, the control frames the peer sends on it,
/// and the control frames that coalesce rather than pile up.
extension PathChannelHandler {
    func perform(_ actions: [PathLiveness.Action]) {
        guard let context, let membership else { return }
        for action in actions {
            switch action {
            case .ping(let beat): context.writeAndFlush(wrapOutboundOut(.ping(beat)), promise: nil)
            case .rttSample(let microseconds): membership.session.rttSample(microseconds, pathID: membership.pathID)
            case .wentStale(let silence): membership.session.pathWentStale(membership.pathID, silentFor: silence)
            case .heardAgain:
                membership.record.counters.flaps.add(1, ordering: .relaxed)
                membership.session.pathHeardAgain(membership.pathID)
            case .noProgress(let reason):
                membership.session.limits.hit(.noProgress)
                logger.warning("closing path \(membership.pathID) from \(context.channel.remoteDescription): \(reason)")
                context.channel.reset()
                return
            }
        }
    }

    /// The heartbeat of the current connection of a path.
    func beat() {
        guard let membership, membership.isCurrent else { return }
        perform(liveness.tick(at: .now(), rtt: membership.record.rttEstimate))
    }

    /// A control frame of the joined path.
    func deliver(_ frame: Frame, context: ChannelHandlerContext) {
        guard let membership else { return }
        let session = membership.session
        switch frame {
        case .dataAck(let ack):
            do {
                try session.sender.acknowledge(ack, onPath: membership.pathID, connection: membership.connection)
            } catch {
                errorCaught(context: context, error: error)
            }
        case .ping(let beat):
            // Flushed with the read's DATA_ACK.
            write(.pong(beat), coalescingIn: \.pongSlot, flush: false)
        case .pong(let beat):
            perform(liveness.pong(beat, at: .now(), isCurrent: membership.isCurrent))
        case .pathStatus(let status):
            session.peerChangedStatus(status, onPath: membership.pathID)
        case .stats(let stats):
            session.peerReported(stats)
        case .failover(let notice):
            do {
                try session.peerReinjected(notice)
            } catch {
                errorCaught(context: context, error: error)
            }
        case .goodbye(let goodbye):
            logger.info(
                "peer said goodbye on path \(membership.pathID): \(goodbye.message)",
                metadata: ["reason": "\(goodbye.reason)"])
            session.peerSaidGoodbye(goodbye)
        case .scheduler(let kind):
            session.peerChoseScheduler(kind)
        case .hello, .helloAck, .data:
            // The handshake closes a joined path for these instead of forwarding them.
            break
        }
    }

    func write(
        _ frame: Frame, coalescingIn slot: ReferenceWritableKeyPath<PathChannelHandler, CoalescingSlot>, flush: Bool
    ) {
        guard let next = self[keyPath: slot].offer(frame) else { return }
        writeHolding(next, slot: slot, flush: flush)
    }

    /// Writes a frame that holds its slot until it is written, then the one waiting there, if any.
    private func writeHolding(
        _ frame: Frame, slot: ReferenceWritableKeyPath<PathChannelHandler, CoalescingSlot>, flush: Bool
    ) {
        guard let context else { return }
        let written = context.eventLoop.makePromise(of: Void.self)
        written.futureResult.assumeIsolated().whenComplete { [self] _ in
            if let waiting = self[keyPath: slot].written() { writeHolding(waiting, slot: slot, flush: true) }
        }
        context.write(wrapOutboundOut(frame), promise: written)
        if flush { context.flush() }
    }
}
