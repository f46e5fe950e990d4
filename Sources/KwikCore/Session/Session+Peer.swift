import KwikSnapshot

/// What a session does with what its peer says: windows, path status, re-injections, reports,
/// goodbyes, and the secret that lets further paths join.
extension Session {
    var secret: [UInt8] { joins.secret }

    func learnSecret(_ secret: [UInt8]) {
        joins.learn(secret)
    }

    /// A `join` HELLO for this session, with a fresh proof of the secret.
    func joinHello(pathID: Int, standby: Bool) -> Hello {
        joins.joinHello(session: id, pathID: pathID, standby: standby, parameters: parameters)
    }

    func setPeerWindow(_ window: UInt64) {
        sender.setWindow(window)
    }

    func peerChangedStatus(_ status: PathStatus, onPath carrier: Int) {
        let pathID = Int(status.pathID)
        guard hasPath(pathID) else { return }
        switch status.status {
        case .disabled:
            logger.info("peer disabled path \(pathID)")
            if let reinjection = sender.setState(.disabled, forPath: pathID) {
                failover(path: pathID, cause: .disabled, reinjection: reinjection)
            }
        case .active, .standby:
            guard sender.pathState(pathID) == .disabled else { return }
            logger.info("peer enabled path \(pathID)")
            sender.setState(status.status == .standby ? .standby : .active, forPath: pathID)
        }
    }

    /// Throws when the notice cannot come from a correct peer: more than a window of packets, bytes or
    /// sequences. A notice for a path this end does not have (a path someone else joined with the
    /// secret) is dropped: recording it would let a peer grow the counts at will, and closing
    /// over it would let that someone close this end's own paths.
    func peerReinjected(_ notice: FailoverNotice) throws {
        let window = UInt64(multiplexer.windowBudget)
        guard hasPath(Int(notice.pathID)) else {
            logger.debug("ignored a FAILOVER for path \(notice.pathID), which this session does not have")
            return
        }
        let (largest, overflow) = notice.packets.multipliedReportingOverflow(by: UInt64(parameters.packetSize))
        guard notice.packets <= window, !overflow, notice.bytes <= largest,
            notice.highestSequence < multiplexer.nextExpected + window
        else {
            throw ProtocolViolation(
                "FAILOVER of \(notice.packets) packets, \(notice.bytes) bytes, up to sequence \(notice.highestSequence): "
                    + "more than the \(window)-packet window could hold")
        }
        guard !isFinished else { return }
        failovers.peerReinjected(notice, at: clock.now)
        resolveFailovers()
    }

    func peerReported(_ stats: PeerSummary) {
        lifecycle.peerReported(stats)
        checkCompletion()
    }

    func peerSaidGoodbye(_ goodbye: Goodbye) {
        if goodbye.reason == .done {
            finish(sayGoodbye: false)
        } else {
            fail("peer ended the session: \(goodbye.message)")
        }
    }

    /// After each read: resolve failovers and check whether the transfer is done.
    func afterReceive() {
        resolveFailovers()
        checkCompletion()
    }
}
