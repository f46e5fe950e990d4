import KwikSnapshot
import NIOCore

/// How a session runs and ends: its timers, the completion check, finishing and failing.
extension Session {
    /// The client ends the run once every byte asked for has gone through both ways.
    func checkCompletion() {
        guard role == .client, !isFinished else { return }
        let rule = CompletionRule(totalBytes: parameters.totalBytes, receives: receives, sends: sends)
        if rule.isComplete(
            delivered: verifier.current.delivered, sendSideDone: sender.isComplete,
            peerDelivered: lifecycle.reading.peerReport?.deliveredBytes ?? 0)
        {
            finish(sayGoodbye: true)
        }
    }

    /// Ends the session successfully, closing every path.
    public func finish(sayGoodbye: Bool = true) {
        guard lifecycle.end(failure: nil) else { return }
        sendStats()
        closeAllPaths(goodbye: sayGoodbye ? Goodbye(reason: .done, message: "transfer complete") : nil)
        stopWorkers()
        finished.succeed()
    }

    /// Ends the session with a reason.
    public func fail(_ reason: String) {
        guard lifecycle.end(failure: reason) else { return }
        logger.warning("session \(id) failed: \(reason)")
        closeAllPaths(goodbye: Goodbye(reason: .shutdown, message: reason))
        stopWorkers()
        finished.fail(EngineError.transferFailed(reason))
    }

    /// Ends a time-bounded run: stops producing data, waits (up to `drainTimeout`) until what was
    /// sent has been acknowledged, then finishes.
    public func endRun(drainTimeout: TimeAmount = .seconds(3)) {
        sender.stopSource()
        let deadline = NIODeadline.now() + drainTimeout
        @Sendable func check() {
            if sender.isComplete || NIODeadline.now() >= deadline || isFinished {
                finish()
            } else {
                homeLoop.scheduleTask(in: .milliseconds(5)) { check() }
            }
        }
        homeLoop.execute { check() }
    }

    /// Packets still queued are pushed as the pool drains; later ones run on the reader's own loop.
    private func stopWorkers() {
        if case .workerPool(let workers) = handOff { workers.shutdownGracefully { _ in } }
    }

    private func closeAllPaths(goodbye: Goodbye?) {
        for record in paths.all {
            record.control?.run { $0.close(goodbye: goodbye) }
        }
    }

    func startTimers() {
        let interval = configuration.statsInterval
        let stats = homeLoop.scheduleRepeatedTask(initialDelay: interval, delay: interval) { [self] _ in
            tuneReceiveWindow()
            sendStats()
            resolveFailovers()
            checkCompletion()
            checkProgress()
        }
        lifecycle.adopt([stats])
        // A paced source gains credit with time, not with acknowledgements: the sender looks for it.
        if parameters.rate > 0 && Self.sends(role: role, direction: parameters.direction) {
            let tick = TimeAmount.nanoseconds(
                Int64(SourcePace.tick(rate: parameters.rate, packetSize: Int(parameters.packetSize))))
            let pacing = homeLoop.scheduleRepeatedTask(initialDelay: tick, delay: tick) { [self] _ in sender.pump() }
            lifecycle.adopt([pacing])
        }
    }

    /// How long the session has been still (nothing delivered, nothing acknowledged).
    func stillFor(at now: NIODeadline = .now()) -> TimeAmount {
        lifecycle.stillFor(at: now)
    }

    /// A session with work left that moved nothing for the progress timeout ends: its peer neither
    /// sends nor takes what it is sent. Paths the user disabled on purpose are not a stall.
    private func checkProgress() {
        let send = sender.summary()
        let delivered = verifier.current.delivered
        let still = lifecycle.observeProgress(delivered: delivered, acknowledged: send.cumulative, at: .now())
        let timeout = configuration.progressTimeout
        guard still > timeout, !isFinished else { return }
        let sendDone = send.sourceExhausted && send.cumulative == send.nextSequence
        let receiveDone = !receives || (parameters.totalBytes > 0 && delivered >= parameters.totalBytes)
        let pausedByUser = !send.paths.isEmpty && send.paths.allSatisfy { $0.state == .disabled }
        guard !(sendDone && receiveDone), !pausedByUser else { return }
        limits.hit(.noProgress)
        fail("no progress for \(still.nanoseconds / 1_000_000_000) s: the peer neither sends nor takes data")
    }

    /// What this end received, and how its sender sends: the peer shows the latter for the data it receives.
    private func sendStats() {
        let counts = verifier.current
        let mux = multiplexer.summary()
        let send = sender.summary()
        let stats = PeerSummary(
            deliveredBytes: counts.delivered, verifiedBytes: counts.verified, corruptBytes: counts.corrupt,
            deliveryOrderViolations: mux.deliveryOrderViolations, duplicatesDropped: mux.duplicates,
            orderingViolations: mux.perPath.reduce(0) { $0 + $1.orderingViolations }, scheduler: sender.scheduler,
            peerWindow: send.peerWindow, windowLimitedNanos: send.windowLimitedNanos,
            paths: send.paths.map { PeerSummary.PathSending($0) })
        sendToPeer(.stats(stats))
    }
}
