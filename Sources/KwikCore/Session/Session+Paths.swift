import KwikSnapshot
import NIOCore

/// What a session does as its paths come, go, fall silent and answer again.
extension Session {
    func pathRecord(_ pathID: Int, endpoint: String = "?", standby: Bool = false) -> PathRecord {
        paths.record(pathID, endpoint: endpoint, standby: standby)
    }

    /// Makes a path known before it connects.
    public func declarePath(_ pathID: Int, endpoint: String, standby: Bool) {
        _ = paths.record(pathID, endpoint: endpoint, standby: standby)
        sender.declare(pathID: pathID, state: .connecting)
    }

    public func markReconnecting(_ pathID: Int) {
        sender.declare(pathID: pathID, state: .reconnecting)
    }

    func markFailed(_ pathID: Int) {
        sender.declare(pathID: pathID, state: .failed)
    }

    func hasPath(_ pathID: Int) -> Bool { paths.existing(pathID) != nil }

    func pathJoined(_ record: PathRecord, connection: Int, link: PathLink, writable: Bool) {
        lifecycle.pathJoined()
        sender.register(pathID: record.id, connection: connection, link: link, standby: record.standby)
        if !writable { sender.setWritable(false, forPath: record.id, connection: connection) }
        logger.info("path \(record.id) joined from \(record.endpoint)", metadata: ["session": "\(id)"])
    }

    func pathDisconnected(_ record: PathRecord, connection: Int, cause: FailoverCause) {
        guard record.disconnected(connection) else { return }
        sender.detach(pathID: record.id)
        // Once the session is over, closing paths is the normal end, not a failure.
        guard !isFinished else { return }
        if let reinjection = sender.setState(.failed, forPath: record.id) {
            failover(path: record.id, cause: cause, reinjection: reinjection)
        }
        logger.info("path \(record.id) lost (\(cause.rawValue))", metadata: ["session": "\(id)"])
        onPathLost?(record.id)
        if role == .server && connectedPathCount == 0 {
            let grace = configuration.orphanTimeout
            logger.info(
                "session \(id) has no path left; waiting \(grace.nanoseconds / 1_000_000_000) s for one to rejoin")
            homeLoop.scheduleTask(in: grace) { [self] in
                if connectedPathCount == 0 { fail("every path was lost and none rejoined") }
            }
        }
    }

    func pathWentStale(_ pathID: Int, silentFor silence: TimeAmount) {
        guard let state = sender.pathState(pathID), state.carriesData else { return }
        logger.info("path \(pathID) is stale: nothing heard for \(silence.nanoseconds / 1_000_000) ms")
        if let reinjection = sender.setState(.stale, forPath: pathID) {
            failover(path: pathID, cause: .stale, reinjection: reinjection)
        }
    }

    func pathHeardAgain(_ pathID: Int) {
        guard sender.pathState(pathID) == .stale else { return }
        logger.info("path \(pathID) answers again")
        failovers.pathRecovered(path: pathID, at: clock.now)
        sender.setState(pathRecord(pathID).standby ? .standby : .active, forPath: pathID)
    }

    func rttSample(_ microseconds: Double, pathID: Int) {
        let smoothed = pathRecord(pathID).addRTTSample(microseconds: microseconds)
        sender.rttSample(microseconds, smoothed: smoothed, forPath: pathID)
    }

    /// The receive window covers the slowest path's RTT, and the pools keep what the window needs.
    func tuneReceiveWindow() {
        let records = paths.all
        let estimates = records.compactMap(\.rtt)
        multiplexer.setLargestRTT(
            smoothed: estimates.map(\.smoothed).max() ?? 0, minimum: estimates.map(\.min).max() ?? 0)
        let keep = configuration.poolRetained(window: multiplexer.summary().advertisedWindow)
        for record in records where record.pool.maximumFree != keep { record.pool.setMaximumFree(keep) }
    }

    /// Records a failover and tells the peer what this end re-injected.
    func failover(path: Int, cause: FailoverCause, reinjection: Sender.Reinjection?) {
        let peerSends = Self.sends(role: role == .client ? .server : .client, direction: parameters.direction)
        failovers.detected(
            path: path, cause: cause, at: clock.now, reinjection: reinjection,
            peerBound: peerSends ? multiplexer.allowedEdge : nil)
        let notice = FailoverNotice(
            pathID: UInt16(path), cause: FailoverNotice.Cause(cause), packets: reinjection?.packets ?? 0,
            bytes: reinjection?.bytes ?? 0, highestSequence: reinjection?.highestSequence ?? 0)
        // On every other path: when several fail together, one of them still gets through.
        sendToPeer(.failover(notice), avoiding: path, everywhere: true)
        resolveFailovers()
    }

    /// Sends a control frame on a connected path other than `avoiding`, preferring one that carries
    /// data (or on all of them).
    func sendToPeer(_ frame: Frame, avoiding: Int? = nil, everywhere: Bool = false) {
        let usable = paths.all.filter { $0.id != avoiding && $0.control != nil && !$0.isBlackholed }
        if everywhere {
            usable.forEach { $0.control?.send(frame) }
        } else {
            let best = usable.first { sender.pathState($0.id)?.carriesData == true } ?? usable.first
            best?.control?.send(frame)
        }
    }

    /// Resolves the failover events whose data went through (after each read and each stats tick).
    func resolveFailovers() {
        guard failovers.hasOpenEvents else { return }
        failovers.resolve(
            at: clock.now, delivered: multiplexer.nextExpected, reinjections: sender.reinjections, clock: clock)
    }
}
