import NIOConcurrencyHelpers
import NIOCore

/// A client that follows the host's interfaces: a new one opens a path bound to it, one that goes down
/// or loses its address fails its path at once, and the path comes back on the same id when the
/// interface does.
extension SessionClient {
    func followInterfaces(_ plan: InterfacePlan) -> RepeatedTask {
        let state = NIOLockedValueBox(plan)
        return group.next().scheduleRepeatedTask(initialDelay: .milliseconds(250), delay: .milliseconds(250)) {
            [weak self] task in
            guard let self, !self.session.isFinished else { return task.cancel() }
            let interfaces = NetworkInterface.current()
            for change in state.withLockedValue({ $0.update(interfaces) }) { self.apply(change) }
        }
    }

    private func apply(_ change: InterfacePlan.Change) {
        switch change {
        case .open(let pathID, let endpoint):
            logger.info("interface \(endpoint.device ?? "?") is up: path \(pathID) from \(endpoint.source ?? "?")")
            paths.withLockedValue { $0.add(endpoint, as: pathID) }
            session.declarePath(pathID, endpoint: endpoint.address, standby: options.standby.contains(pathID))
            Task { await join(pathID) }
        case .park(let pathID, let reason):
            logger.info("path \(pathID) waits: \(reason)")
            paths.withLockedValue { $0.parked[pathID] = reason }
            session.setReconnect(pathID, attempt: 0, startsAt: nil, lastError: reason)
            session.perform(.kill, onPath: pathID)
            session.markFailed(pathID)
        case .revive(let pathID, let source):
            logger.info("path \(pathID) can reconnect from \(source)")
            paths.withLockedValue {
                $0.rebind(pathID, source: source)
                $0.parked[pathID] = nil
            }
            startRetrying(pathID, lastError: nil)
        }
    }
}
