import KwikSnapshot

/// What a front end asks of a running session: path actions, the scheduler, counter resets.
extension Session {
    public func perform(_ action: PathAction, onPath pathID: Int) {
        guard let record = paths.existing(pathID) else { return }
        switch action {
        case .disable:
            guard let state = sender.pathState(pathID), state != .disabled, state != .failed else { return }
            logger.info("disabling path \(pathID)")
            if let reinjection = sender.setState(.disabled, forPath: pathID) {
                failover(path: pathID, cause: .disabled, reinjection: reinjection)
            }
            record.control?.send(.pathStatus(PathStatus(pathID: UInt16(pathID), status: .disabled)))
        case .enable:
            guard sender.pathState(pathID) == .disabled else { return }
            logger.info("enabling path \(pathID)")
            let standby = record.standby
            sender.setState(standby ? .standby : .active, forPath: pathID)
            record.control?.send(.pathStatus(PathStatus(pathID: UInt16(pathID), status: standby ? .standby : .active)))
        case .kill:
            logger.info("killing path \(pathID)")
            // The path's next connection starts without the black hole.
            record.isBlackholed = false
            record.control?.run { $0.kill() }
        case .blackhole:
            logger.info("black-holing path \(pathID)")
            record.isBlackholed = true
            record.control?.run { $0.setBlackholed(true) }
        case .restore:
            logger.info("restoring path \(pathID)")
            record.isBlackholed = false
            record.control?.run { $0.setBlackholed(false) }
        }
    }

    /// Both ends' senders take it: in a download it is the peer that sends.
    public func setScheduler(_ scheduler: SchedulerKind) {
        logger.info("scheduler: \(scheduler.rawValue)")
        sender.setScheduler(scheduler)
        sendToPeer(.scheduler(scheduler))
    }

    func peerChoseScheduler(_ scheduler: SchedulerKind) {
        guard sender.scheduler != scheduler else { return }
        logger.info("peer chose scheduler \(scheduler.rawValue)")
        sender.setScheduler(scheduler)
    }

    public func resetCounters() {
        multiplexer.resetCounters()
        sender.resetCounters()
        for record in paths.all {
            record.pool.resetCounters()
        }
    }
}
