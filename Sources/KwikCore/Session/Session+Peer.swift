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

    func peerReinjected(_ notice: FailoverNotice) {
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
