import KwikSnapshot
import Logging
import NIOCore

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
    struct Membership {
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
    private(set) var logger: Logger
    private(set) var context: ChannelHandlerContext?
    /// The frame encoder's context, where DATA is written as header and payload buffers.
    private var encoder: ChannelHandlerContext?
    private var handshake: PathHandshake
    var liveness: PathLiveness
    private(set) var membership: Membership?
    private var heartbeat: RepeatedTask?
    var pongSlot = CoalescingSlot()
    var statsSlot = CoalescingSlot()
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
        liveness = PathLiveness(rule: rule, progressTimeout: configuration.progressTimeout, now: .now())
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        encoder = try? context.pipeline.syncOperations.context(handlerType: FrameEncoder.self)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        encoder = nil
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
        acknowledgeDelivery(force: false)
        context.flush()
        membership?.session.afterReceive()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        liveness.writabilityChanged(context.channel.isWritable, at: .now())
        if let membership {
            membership.session.sender.setWritable(
                context.channel.isWritable, forPath: membership.pathID, connection: membership.connection)
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
        perform(handshake.channelInactive(overTLS: context.channel.usesTLS))
        context.fireChannelInactive()
    }

    // MARK: Commands (on this loop)

    /// Sends DATA_ACK when DATA arrived since the last one (or, with `force`, after a deferred delivery).
    func acknowledgeDelivery(force: Bool) {
        guard let context, let encoder, let membership, reader.hasUnacknowledgedData || force else { return }
        reader.acknowledged()
        let (cumulative, window) = membership.session.multiplexer.advertise()
        let ack = DataAck(cumulative: cumulative, window: UInt32(clamping: window), pathAck: reader.lastPathSequence)
        membership.writer.acknowledge(ack, to: encoder)
        if force { context.flush() }
    }

    /// Writes the DATA frames the sender assigned to this path.
    func drain() {
        guard let context, let encoder, let membership else { return }
        membership.writer.drain(into: context, encoder: encoder)
    }

    /// A control frame from the session; STATS coalesce (`CoalescingSlot`).
    func send(_ frame: Frame) {
        if case .stats = frame {
            write(frame, coalescingIn: \.statsSlot, flush: true)
        } else {
            context?.writeAndFlush(wrapOutboundOut(frame), promise: nil)
        }
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
            logger.warning("refused a path from \(context.channel.remoteDescription): \(goodbye.message)")
            close(after: goodbye, context: context)
        case .fail(let failure):
            if let limit = failure.limit { count(limit) }
            if let reason = failure.reason {
                let path = membership.map { "\($0.pathID)" } ?? "(before handshake)"
                logger.warning("closing path \(path) from \(context.channel.remoteDescription): \(reason)")
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

    private func join(_ session: Session, pathID: Int, context: ChannelHandlerContext) {
        handshakeTimer?.cancel()
        let record = session.pathRecord(pathID)
        logger[metadataKey: "path"] = "\(pathID)"
        reader.attach(
            pathID: pathID, multiplexer: session.multiplexer, pool: record.pool, counters: record.counters,
            handOff: session.handOff, maximumPayload: Int(session.parameters.packetSize))
        let loop = context.eventLoop
        let control = PathControl(eventLoop: loop, handler: NIOLoopBound(self, eventLoop: loop))
        let (connection, replaced) = record.connected(
            control, endpoint: context.channel.remoteDescription, binding: context.channel.binding)
        let writer = PathDataWriter(
            sender: session.sender, pathID: pathID, connection: connection, counters: record.counters,
            allocator: context.channel.allocator)
        membership = Membership(session: session, record: record, connection: connection, writer: writer)
        // The newest connection of a path id wins; an older one still open is closed.
        replaced?.run { $0.close(goodbye: nil) }
        let bound = control.handler
        let link = PathLink(eventLoop: loop) { bound.value.drain() }
        // The first PING goes ahead of any DATA: its RTT is the path's own, without a queue, and the
        // sending model takes its minimum RTT from it.
        beat()
        session.pathJoined(record, connection: connection, link: link, writable: context.channel.isWritable)
        heartbeat = loop.scheduleRepeatedTask(
            initialDelay: configuration.pingInterval, delay: configuration.pingInterval
        ) { _ in
            bound.value.beat()
        }
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
        // A peer that reads nothing never takes the GOODBYE: it gets a reset, so its socket is freed.
        context.eventLoop.scheduleTask(in: Self.goodbyeGrace) { if channel.isActive { channel.reset() } }
    }

    private static let goodbyeGrace = TimeAmount.seconds(1)
}
