import KwikSnapshot
import Logging
import NIOCore
import NIOSSL

#if canImport(Glibc)
import Glibc
#endif

/// The control side of one path connection: the handshake, acknowledgements, heartbeats and
/// liveness, path status, and writing the DATA frames the sender assigned to this path.
final class PathController: ChannelInboundHandler {
    typealias InboundIn = Frame
    typealias OutboundOut = Frame

    enum Role {
        /// Sends `hello` and joins `session` once acknowledged.
        case client(session: Session, hello: Hello, joined: EventLoopPromise<Void>)
        /// Waits for a HELLO and asks the registry which session it joins.
        case server(SessionRegistry)
    }

    private let role: Role
    private let reader: PathReader
    private let blackhole: BlackholeHandler
    private let configuration: EngineConfiguration
    private var logger: Logger
    private var context: ChannelHandlerContext?
    private var session: Session?
    private var record: PathRecord?
    private var connection = 0
    private var heartbeat: RepeatedTask?
    private var handshakeTimer: Scheduled<Void>?
    private var spare: [DataFrame] = []
    private var draining = false
    private var drainAgain = false
    private var closeCause: FailoverCause?
    private var lastHeard = NIODeadline.now()
    private var stale = false
    private var heardAgainAt: UInt64 = 0

    init(role: Role, reader: PathReader, blackhole: BlackholeHandler, configuration: EngineConfiguration, logger: Logger) {
        self.role = role
        self.reader = reader
        self.blackhole = blackhole
        self.configuration = configuration
        self.logger = logger
    }

    var pathID: Int { record?.id ?? 0 }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        let timeout = configuration.handshakeTimeout
        handshakeTimer = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in
            guard session == nil else { return }
            fail(reason: "no handshake within \(timeout)", limit: .handshakeTimeout)
        }
        if case .client(_, let hello, _) = role {
            context.writeAndFlush(wrapOutboundOut(.hello(hello)), promise: nil)
        }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        heard()
        guard let session else {
            handshake(frame, context: context)
            return
        }
        switch frame {
        case .dataAck(let ack):
            session.sender.acknowledge(ack, onPath: pathID)
        case .ping(let beat):
            context.write(wrapOutboundOut(.pong(beat)), promise: nil)
        case .pong(let beat):
            let now = NIODeadline.now().uptimeNanoseconds
            guard beat.timestamp <= now, beat.timestamp >= heardAgainAt else { break }
            session.rttSample(Double(now - beat.timestamp) / 1000, pathID: pathID)
        case .pathStatus(let status):
            session.peerChangedStatus(status, onPath: pathID)
        case .stats(let stats):
            session.peerReported(stats)
        case .failover(let notice):
            session.peerReinjected(notice)
        case .goodbye(let goodbye):
            logger.info("peer said goodbye on path \(pathID): \(goodbye.message)", metadata: ["reason": "\(goodbye.reason)"])
            session.peerSaidGoodbye(goodbye)
        case .hello, .helloAck, .data:
            fail(reason: "unexpected \(frame.type) after the handshake")
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        heard()
        if stale, let session, let record, record.isCurrent(connection) {
            stale = false
            session.pathHeardAgain(pathID)
        }
        acknowledgeDelivery(force: false)
        context.flush()
        session?.afterReceive()
    }

    /// Sends DATA_ACK when DATA arrived since the last one (or, with `force`, after a deferred delivery).
    func acknowledgeDelivery(force: Bool) {
        guard let context, let session, reader.hasUnacknowledgedData || force else { return }
        reader.acknowledged()
        let ack = DataAck(
            cumulative: session.multiplexer.nextExpected, window: UInt32(session.multiplexer.window),
            pathAck: reader.lastPathSequence)
        context.write(wrapOutboundOut(.dataAck(ack)), promise: nil)
        if force { context.flush() }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        session?.sender.setWritable(context.channel.isWritable, forPath: pathID)
        context.fireChannelWritabilityChanged()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A kill tears TLS down without a close_notify on purpose.
        if closeCause == .killed { return }
        if let tls = TLSFailure.describe(error) {
            fail(reason: "TLS: \(tls)", error: .tls(tls))
        } else if let mismatch = TLSFailure.unexpectedTLS(error) {
            fail(reason: mismatch, error: .tls(mismatch))
        } else {
            fail(reason: "\(error)", limit: (error as? WireError)?.limit ?? (error as? ProtocolViolation)?.limit)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        heartbeat?.cancel()
        handshakeTimer?.cancel()
        // The reader's deferred-acknowledgement hook points back at this controller.
        reader.afterDeferredPush = nil
        if let session, let record {
            session.pathDisconnected(record, connection: connection, cause: closeCause ?? .closedByPeer)
        } else if case .client(_, _, let joined) = role {
            // A TLS server resets a plaintext client, often before its alert can be read.
            let hint = usesTLS(context) ? "" : " (a server that expects TLS does this to a plaintext client)"
            joined.fail(EngineError.connectionClosed("the server closed the connection during the handshake\(hint)"))
        }
        context.fireChannelInactive()
    }

    // MARK: Handshake

    private func handshake(_ frame: Frame, context: ChannelHandlerContext) {
        switch (role, frame) {
        case (.client(let session, let hello, let joined), .helloAck(let ack)):
            guard ack.version == ProtocolVersion.current else {
                joined.fail(EngineError.refused("the server speaks protocol version \(ack.version), this client \(ProtocolVersion.current)"))
                context.close(promise: nil)
                return
            }
            guard ack.sessionID == hello.sessionID, Int(ack.pathID) == Int(hello.pathID) else {
                joined.fail(EngineError.refused("the server acknowledged another session or path"))
                context.close(promise: nil)
                return
            }
            session.setPeerWindow(UInt64(ack.receiveWindow))
            if hello.kind == .create { session.learnSecret(ack.secret) }
            join(session, pathID: Int(hello.pathID), context: context)
            joined.succeed()
        case (.client(_, _, let joined), .goodbye(let goodbye)):
            joined.fail(EngineError.refused(goodbye.message))
            context.close(promise: nil)
        case (.server(let registry), .hello(let hello)):
            guard hello.version == ProtocolVersion.current else {
                refuse(.versionMismatch, "server speaks protocol version \(ProtocolVersion.current), client sent version \(hello.version)", context: context)
                return
            }
            switch registry.admit(hello, eventLoop: context.eventLoop) {
            case .success(let session):
                let ack = HelloAck(
                    sessionID: hello.sessionID, pathID: hello.pathID, receiveWindow: UInt32(configuration.receiveWindow),
                    secret: hello.kind == .create ? session.secret : JoinProof.zeroProof)
                context.write(wrapOutboundOut(.helloAck(ack)), promise: nil)
                join(session, pathID: Int(hello.pathID), context: context)
                context.flush()
            case .failure(let refusal):
                refuse(refusal.reason, refusal.message, context: context)
            }
        default:
            fail(reason: "expected \(roleIsClient ? "HELLO_ACK" : "HELLO") first, got \(frame.type)")
        }
    }

    private var roleIsClient: Bool {
        if case .client = role { return true }
        return false
    }

    private func refuse(_ reason: Goodbye.Reason, _ message: String, context: ChannelHandlerContext) {
        logger.warning("refused a path from \(remote(context)): \(message)")
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.goodbye(Goodbye(reason: reason, message: message)))).whenComplete { _ in
            channel.close(promise: nil)
        }
    }

    private func join(_ session: Session, pathID: Int, context: ChannelHandlerContext) {
        handshakeTimer?.cancel()
        let record = session.pathRecord(pathID)
        self.session = session
        self.record = record
        logger[metadataKey: "path"] = "\(pathID)"
        reader.attach(
            pathID: pathID, multiplexer: session.multiplexer, pool: record.pool, counters: record.counters, handOff: session.handOff,
            maximumPayload: Int(session.parameters.packetSize))
        let control = PathControl(eventLoop: context.eventLoop, controller: NIOLoopBound(self, eventLoop: context.eventLoop))
        let (connection, replaced) = record.connected(control, endpoint: remote(context))
        self.connection = connection
        // The newest connection of a path id wins; an older one still open is closed.
        replaced?.run { $0.close(goodbye: nil) }
        let bound = control.controller
        let link = PathLink(eventLoop: context.eventLoop) { bound.value.drain() }
        session.pathJoined(record, link: link, writable: context.channel.isWritable)
        heartbeat = context.eventLoop.scheduleRepeatedTask(initialDelay: .zero, delay: configuration.pingInterval) { _ in
            bound.value.beat()
        }
    }

    private func usesTLS(_ context: ChannelHandlerContext) -> Bool {
        (try? context.pipeline.syncOperations.context(handlerType: NIOSSLHandler.self)) != nil
    }

    private func remote(_ context: ChannelHandlerContext) -> String {
        guard let address = context.channel.remoteAddress, let ip = address.ipAddress, let port = address.port else { return "?" }
        return address.protocol == .inet6 ? "[\(ip)]:\(port)" : "\(ip):\(port)"
    }

    // MARK: Liveness

    /// Something arrived. After a silence long enough to be an outage (declared stale or not), PINGs
    /// sent before now measure the outage, not the path: their PONGs are ignored.
    private func heard() {
        let now = NIODeadline.now()
        if now - lastHeard > configuration.minimumStaleTimeout {
            heardAgainAt = now.uptimeNanoseconds
        }
        lastHeard = now
    }

    fileprivate func beat() {
        guard let context, let session, let record, record.isCurrent(connection) else { return }
        context.writeAndFlush(wrapOutboundOut(.ping(Heartbeat(timestamp: NIODeadline.now().uptimeNanoseconds))), promise: nil)
        let silence = NIODeadline.now() - lastHeard
        if !stale && silence > staleTimeout(record) {
            stale = true
            session.pathWentStale(pathID, silentFor: silence)
        }
    }

    private func staleTimeout(_ record: PathRecord) -> TimeAmount {
        StaleRule(fixed: configuration.staleTimeout, floor: configuration.minimumStaleTimeout).timeout(rtt: record.rttEstimate)
    }

    // MARK: Actions (on this loop)

    /// Writes the DATA frames the sender assigned to this path.
    /// Writing can re-enter (a flush changes writability, which pumps the sender), so a nested call
    /// only asks the outer one to look again.
    func drain() {
        guard let context, let session else { return }
        if draining {
            drainAgain = true
            return
        }
        draining = true
        repeat {
            drainAgain = false
            session.sender.takePending(forPath: pathID, into: &spare)
            guard !spare.isEmpty else { continue }
            let counters = record?.counters
            for frame in spare {
                counters?.sent(bytes: frame.payload.readableBytes)
                context.write(wrapOutboundOut(.data(frame)), promise: nil)
            }
            spare.removeAll(keepingCapacity: true)
            context.flush()
        } while drainAgain
        draining = false
    }

    func send(_ frame: Frame) {
        context?.writeAndFlush(wrapOutboundOut(frame), promise: nil)
    }

    /// Closes the connection politely (GOODBYE first when `goodbye` is given).
    func close(goodbye: Goodbye?) {
        guard let context else { return }
        closeCause = .disabled
        if let goodbye {
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(.goodbye(goodbye))).whenComplete { _ in channel.close(promise: nil) }
        } else {
            context.close(promise: nil)
        }
    }

    /// Resets the connection: the peer sees a TCP RST, not a polite close.
    func kill() {
        guard let context else { return }
        closeCause = .killed
        let channel = context.channel
        guard let provider = channel as? any SocketOptionProvider else {
            channel.close(promise: nil)
            return
        }
        provider.setSoLinger(linger(l_onoff: 1, l_linger: 0)).whenComplete { _ in
            // Closing below TLS: a close through it would say close_notify first, which is not a kill.
            if let tls = try? channel.pipeline.syncOperations.context(handlerType: NIOSSLHandler.self) {
                tls.close(promise: nil)
            } else {
                channel.close(promise: nil)
            }
        }
    }

    func setBlackholed(_ blackholed: Bool) {
        guard let context, let holeContext = try? context.pipeline.syncOperations.context(handler: blackhole) else { return }
        blackhole.set(blackholed, context: holeContext)
    }

    /// - Parameters:
    ///   - error: what a client still joining reports (a protocol error by default).
    ///   - limit: the limit the peer went beyond, counted.
    private func fail(reason: String, error: EngineError? = nil, limit: Limit? = nil) {
        guard let context else { return }
        if let limit { count(limit) }
        logger.warning("closing path \(pathID == 0 ? "(before handshake)" : "\(pathID)") from \(remote(context)): \(reason)")
        if session == nil, case .client(_, _, let joined) = role {
            joined.fail(error ?? EngineError.protocolError(reason))
        }
        context.close(promise: nil)
    }

    /// Counts a limit hit against the connection's session, or its server before it joined one.
    private func count(_ limit: Limit) {
        switch (session, role) {
        case (let session?, _), (nil, .client(let session, _, _)): session.limits.hit(limit)
        case (nil, .server(let registry)): registry.limits.hit(limit)
        }
    }
}
