import KwikSnapshot
import NIOCore

/// How a client brings paths back: forever while the session runs, waiting twice as long after each
/// failed attempt up to a cap; and beside a connection that stays stale, a fresh one (make before break:
/// the silent one is closed only once the new one has joined).
extension SessionClient {
    func pathLost(_ pathID: Int, lastError: String = "connection lost") {
        guard options.reconnect else {
            failIfNoPathLeft()
            return
        }
        if paths.withLockedValue({ $0.parked[pathID] == nil }) { session.markReconnecting(pathID) }
        startRetrying(pathID, lastError: lastError)
    }

    func startRetrying(_ pathID: Int, lastError: String?) {
        let first = paths.withLockedValue { $0.parked[pathID] == nil && $0.retrying.insert(pathID).inserted }
        guard first else { return }
        schedule(pathID, attempt: 1, delay: options.firstBackoff, lastError: lastError)
    }

    private func schedule(_ pathID: Int, attempt: Int, delay: TimeAmount, lastError: String?) {
        session.setReconnect(pathID, attempt: attempt, startsAt: .now() + delay, lastError: lastError)
        group.next().scheduleTask(in: delay) { [self] in
            guard !session.isFinished, stillNeeded(pathID) else {
                stopRetrying(pathID)
                return
            }
            session.setReconnect(pathID, attempt: attempt, startsAt: nil, lastError: lastError)
            open(pathID: pathID, kind: .join, timeout: options.reconnectTimeout).whenComplete { [self] result in
                switch result {
                case .success:
                    stopRetrying(pathID)
                    logger.info("path \(pathID) reconnected after \(attempt) attempt(s)")
                case .failure(let error as EngineError) where error.isFinal:
                    stopRetrying(pathID)
                    session.markFailed(pathID)
                    logger.warning("path \(pathID) cannot reconnect: \(error)")
                    failIfNoPathLeft()
                case .failure(let error):
                    let next = TimeAmount.nanoseconds(min(delay.nanoseconds * 2, options.maximumBackoff.nanoseconds))
                    let reason = Self.describe(error)
                    logger.debug("path \(pathID) reconnect attempt \(attempt) failed: \(reason)")
                    schedule(pathID, attempt: attempt + 1, delay: next, lastError: reason)
                }
            }
        }
    }

    /// A path still needs a connection while it has none, or while the one it has stays silent.
    private func stillNeeded(_ pathID: Int) -> Bool {
        guard paths.withLockedValue({ $0.parked[pathID] == nil }) else { return false }
        switch session.sender.pathState(pathID) {
        case .failed, .reconnecting, .connecting, .stale: return true
        default: return false
        }
    }

    private func stopRetrying(_ pathID: Int) {
        let parked = paths.withLockedValue { paths -> String? in
            paths.retrying.remove(pathID)
            return paths.parked[pathID]
        }
        if parked == nil { session.clearReconnect(pathID) }
    }

    /// Every path that has been stale for `replaceStaleAfter` gets a fresh connection tried beside it.
    func replaceStalePaths(at now: NIODeadline) {
        for pathID in paths.withLockedValue({ $0.ids }) {
            let stale = session.sender.pathState(pathID) == .stale
            let due = paths.withLockedValue { paths -> Bool in
                guard stale else {
                    paths.staleSince[pathID] = nil
                    return false
                }
                let since = paths.staleSince[pathID] ?? now
                paths.staleSince[pathID] = since
                return now - since >= options.replaceStaleAfter && !paths.retrying.contains(pathID)
            }
            if due {
                logger.info("path \(pathID) is still stale: opening a fresh connection beside it")
                startRetrying(pathID, lastError: "stale")
            }
        }
    }

    func failIfNoPathLeft() {
        let pending = paths.withLockedValue { !$0.retrying.isEmpty || !$0.parked.isEmpty }
        if session.connectedPathCount == 0 && !pending && options.interfaces == nil {
            session.fail("server lost: every path failed and none can reconnect")
        }
    }

    /// Checks stale paths, and with `plan`, the host's interfaces, until the session ends.
    func startWatching(plan: InterfacePlan?) {
        let stale = group.next().scheduleRepeatedTask(initialDelay: .milliseconds(100), delay: .milliseconds(100)) {
            [weak self] task in
            guard let self, !self.session.isFinished else { return task.cancel() }
            self.replaceStalePaths(at: .now())
        }
        var tasks = [stale]
        if let plan { tasks.append(followInterfaces(plan)) }
        watch.withLockedValue { $0 = tasks }
    }
}

extension Session {
    func setReconnect(_ pathID: Int, attempt: Int, startsAt: NIODeadline?, lastError: String?) {
        paths.existing(pathID)?.reconnect = .init(attempt: attempt, startsAt: startsAt, lastError: lastError)
    }

    func clearReconnect(_ pathID: Int) {
        paths.existing(pathID)?.reconnect = nil
    }
}
