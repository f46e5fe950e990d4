import KwikSnapshot
import Logging
import NIOCore
import NIOSSL

/// A path connection's control plane on its channel: feeds what happens there to the path's
/// `PathHandshake` and `PathLiveness` and carries out what they return, on the channel, the reader and
/// the session. Also acknowledges delivered DATA and writes the DATA the sender assigned to the path.
final class PathChannelHandler: ChannelInboundHandler {
    typealias InboundIn = Frame
    typealias OutboundOut = Frame

    enum Role {
        /// Sends `hello` and joins `session` once acknowledged.
        case client(session: Session, hello: Hello, joined: EventLoopPromise<Void>)
        /// Waits for a HELLO and asks the registry which session it joins.
        case server(SessionRegistry)
    }

    /// The session a connection joined, as connection `connection` of the path id.
    private struct Membership {
        let session: Session
        let record: PathRecord
        let connection: Int
        let writer: PathDataWriter

        var pathID: Int { record.id }
        var isCurrent: Bool { record.isCurrent(connection) }
    }

    private let role: Role
    private let reader: PathReader
    private let blackhole: BlackholeHandler
    private let configuration: EngineConfiguration
    private var logger: Logger
    private(set) var context: ChannelHandlerContext?
    private var handshake: PathHandshake
    private var liveness: PathLiveness
    private var membership: Membership?
    private var heartbeat: RepeatedTask?
    private var handshakeTimer: Scheduled<Void>?

    init(
        role: Role, reader: PathReader, blackhole: BlackholeHandler, configuration: EngineConfiguration, logger: Logger
    ) {
        self.role = role
        self.reader = reader
        self.blackhole = blackhole
        self.configuration = configuration
        self.logger = logger
        switch role {
        case .client(_, let hello, _): handshake = .client(hello: hello)
        case .server: handshake = .server(receiveWindow: UInt32(configuration.receiveWindow))
        }
        let rule = StaleRule(fixed: configuration.staleTimeout, floor: configuration.minimumStaleTimeout)
        liveness = PathLiveness(rule: rule, now: .now())
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        let timeout = configuration.handshakeTimeout
        handshakeTimer = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in
            perform(handshake.timedOut(after: timeout))
        }
        perform(handshake.channelActive())
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        liveness.heard(at: .now())
        perform(handshake.received(frame))
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        perform(liveness.readComplete(at: .now(), isCurrent: membership?.isCurrent == true))
        acknowledgeDelivery(force: false)
        context.flush()
        membership?.session.afterReceive()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if let membership {
            membership.session.sender.setWritable(context.channel.isWritable, forPath: membership.pathID)
        }
        context.fireChannelWritabilityChanged()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        perform(handshake.failed(PathFailure(error)))
    }

    func channelInactive(context: ChannelHandlerContext) {
        heartbeat?.cancel()
        handshakeTimer?.cancel()
        // The reader's deferred-acknowledgement hook points back at this handler.
        reader.afterDeferredPush = nil
        perform(handshake.channelInactive(overTLS: usesTLS(context)))
        context.fireChannelInactive()
    }

    // MARK: Commands (on this loop)

    /// Sends DATA_ACK when DATA arrived since the last one (or, with `force`, after a deferred delivery).
    func acknowledgeDelivery(force: Bool) {
        guard let context, let membership, reader.hasUnacknowledgedData || force else { return }
        reader.acknowledged()
        let multiplexer = membership.session.multiplexer
        let ack = DataAck(
            cumulative: multiplexer.nextExpected, window: UInt32(multiplexer.window), pathAck: reader.lastPathSequence)
        context.write(wrapOutboundOut(.dataAck(ack)), promise: nil)
        if force { context.flush() }
    }

    /// Writes the DATA frames the sender assigned to this path.
    func drain() {
        guard let context, let membership else { return }
        membership.writer.drain(into: context)
    }

    func send(_ frame: Frame) {
        context?.writeAndFlush(wrapOutboundOut(frame), promise: nil)
    }

    /// Closes the connection politely (GOODBYE first when `goodbye` is given).
    func close(goodbye: Goodbye?) {
        perform(handshake.close(goodbye: goodbye))
    }

    /// Resets the connection: the peer sees a TCP RST, not a polite close.
    func kill() {
        perform(handshake.kill())
    }

    func setBlackholed(_ blackholed: Bool) {
        guard let context, let hole = try? context.pipeline.syncOperations.context(handler: blackhole) else { return }
        blackhole.set(blackholed, context: hole)
    }

    // MARK: Carrying out

    /// - Parameter admitted: the session the registry just admitted the connection into.
    private func perform(_ action: PathHandshake.Action, admitted: Session? = nil) {
        guard let context else { return }
        switch action {
        case .nothing:
            break
        case .send(let frame):
            context.writeAndFlush(wrapOutboundOut(frame), promise: nil)
        case .admit(let hello):
            guard case .server(let registry) = role else { return }
            switch registry.admit(hello, eventLoop: context.eventLoop) {
            case .success(let session):
                // Its place is free before HELLO_ACK goes out, so the client's next path finds it free.
                context.triggerUserOutboundEvent(HandshakeAdmission.Completed(), promise: nil)
                perform(handshake.admitted(secret: session.secret), admitted: session)
            case .failure(let refusal): perform(handshake.refused(refusal.reason, refusal.message))
            }
        case .join(let join):
            guard let session = admitted ?? clientSession else { return }
            if let window = join.peerWindow { session.setPeerWindow(window) }
            if let secret = join.secret { session.learnSecret(secret) }
            if let ack = join.acknowledgement { context.write(wrapOutboundOut(.helloAck(ack)), promise: nil) }
            self.join(session, pathID: join.pathID, context: context)
            if join.acknowledgement != nil { context.flush() }
            if case .client(_, _, let joined) = role { joined.succeed() }
        case .forward(let frame):
            deliver(frame, context: context)
        case .refuse(let goodbye):
            logger.warning("refused a path from \(remote(context)): \(goodbye.message)")
            close(after: goodbye, context: context)
        case .fail(let failure):
            if let limit = failure.limit { count(limit) }
            if let reason = failure.reason {
                let path = membership.map { "\($0.pathID)" } ?? "(before handshake)"
                logger.warning("closing path \(path) from \(remote(context)): \(reason)")
            }
            if let error = failure.joinError, case .client(_, _, let joined) = role { joined.fail(error) }
            context.close(promise: nil)
        case .failJoin(let error):
            if case .client(_, _, let joined) = role { joined.fail(error) }
        case .close(let goodbye):
            if let goodbye { close(after: goodbye, context: context) } else { context.close(promise: nil) }
        case .reset:
            context.channel.reset()
        case .disconnected(let cause):
            guard let membership else { return }
            membership.session.pathDisconnected(membership.record, connection: membership.connection, cause: cause)
        }
    }

    private func perform(_ action: PathLiveness.Action?) {
        guard let action, let context, let membership else { return }
        switch action {
        case .ping(let beat): context.writeAndFlush(wrapOutboundOut(.ping(beat)), promise: nil)
        case .rttSample(let microseconds): membership.session.rttSample(microseconds, pathID: membership.pathID)
        case .wentStale(let silence): membership.session.pathWentStale(membership.pathID, silentFor: silence)
        case .heardAgain: membership.session.pathHeardAgain(membership.pathID)
        }
    }

    /// A control frame of the joined path.
    private func deliver(_ frame: Frame, context: ChannelHandlerContext) {
        guard let membership else { return }
        let session = membership.session
        switch frame {
        case .dataAck(let ack):
            session.sender.acknowledge(ack, onPath: membership.pathID)
        case .ping(let beat):
            context.write(wrapOutboundOut(.pong(beat)), promise: nil)
        case .pong(let beat):
            perform(liveness.pong(beat, at: .now()))
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
        case .hello, .helloAck, .data:
            // The handshake closes a joined path for these instead of forwarding them.
            break
        }
    }

    private func join(_ session: Session, pathID: Int, context: ChannelHandlerContext) {
        handshakeTimer?.cancel()
        let record = session.pathRecord(pathID)
        logger[metadataKey: "path"] = "\(pathID)"
        reader.attach(
            pathID: pathID, multiplexer: session.multiplexer, pool: record.pool, counters: record.counters,
            handOff: session.handOff, maximumPayload: Int(session.parameters.packetSize))
        let loop = context.eventLoop
        let control = PathControl(eventLoop: loop, handler: NIOLoopBound(self, eventLoop: loop))
        let (connection, replaced) = record.connected(control, endpoint: remote(context))
        let writer = PathDataWriter(sender: session.sender, pathID: pathID, counters: record.counters)
        membership = Membership(session: session, record: record, connection: connection, writer: writer)
        // The newest connection of a path id wins; an older one still open is closed.
        replaced?.run { $0.close(goodbye: nil) }
        let bound = control.handler
        let link = PathLink(eventLoop: loop) { bound.value.drain() }
        session.pathJoined(record, link: link, writable: context.channel.isWritable)
        heartbeat = loop.scheduleRepeatedTask(initialDelay: .zero, delay: configuration.pingInterval) { _ in
            bound.value.beat()
        }
    }

    private func beat() {
        guard let membership, membership.isCurrent else { return }
        for action in liveness.tick(at: .now(), rtt: membership.record.rttEstimate) { perform(action) }
    }

    private var clientSession: Session? {
        if case .client(let session, _, _) = role { return session }
        return nil
    }

    /// Counts a limit hit against the connection's session, or its server before it joined one.
    private func count(_ limit: Limit) {
        if let session = membership?.session ?? clientSession {
            session.limits.hit(limit)
        } else if case .server(let registry) = role {
            registry.limits.hit(limit)
        }
    }

    private func close(after goodbye: Goodbye, context: ChannelHandlerContext) {
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.goodbye(goodbye))).whenComplete { _ in channel.close(promise: nil) }
    }

    private func usesTLS(_ context: ChannelHandlerContext) -> Bool {
        (try? context.pipeline.syncOperations.context(handlerType: NIOSSLHandler.self)) != nil
    }

    private func remote(_ context: ChannelHandlerContext) -> String {
        guard let address = context.channel.remoteAddress, let ip = address.ipAddress, let port = address.port else {
            return "?"
        }
        return address.protocol == .inet6 ? "[\(ip)]:\(port)" : "\(ip):\(port)"
    }
}
