import KwikCore
import KwikSnapshot
import NIOCore

/// Runs a session without a UI: scripted path actions, one NDJSON snapshot per interval on stdout
/// with path rates over the last second, then a final line with `"final": true` and path rates over
/// the whole run. Every line's `goodput_bps` is the run's so far and `recent_goodput_bps` the last
/// second's; the verdicts decide the exit status.
struct HeadlessRun {
    /// Seconds over which the interval lines measure rates.
    static let rateWindow = 1.0

    let session: Session
    let actions: [ScriptedAction]
    let interval: Duration
    let duration: Duration?
    /// The longest stall a timed run may have.
    let maxStall: Duration

    func run() async -> Int32 {
        schedule(actions, on: session)
        if let duration {
            _ = session.homeLoopForScripts.scheduleTask(in: duration.timeAmount - session.uptime) { [session] in
                session.endRun()
            }
        }
        let meter = duration.map { StallMeter(receives: session.receives, sends: session.sends, runEnd: $0.seconds) }
        let printer = Task { [session, interval] in
            var history = ThroughputHistory()
            var stalls = meter
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: UInt64(interval.nanoseconds))
                guard !Task.isCancelled else { break }
                let snapshot = session.snapshot()
                let send = SendProgress(session.sender.summary(), workload: snapshot.workload)
                history.record(snapshot)
                stalls?.record(StallMeter.Sample(snapshot, acknowledgedBytes: send.acknowledgedBytes))
                guard Self.print(snapshot, rates: history.rates(over: Self.rateWindow)) else {
                    session.fail(Self.outputClosed)
                    break
                }
            }
            return (history, stalls)
        }
        let failure: String?
        do {
            try await session.completion.get()
            failure = nil
        } catch {
            failure = "\(error)"
        }
        printer.cancel()
        let (recorded, stalls) = await printer.value
        var history = recorded
        let final = session.snapshot()
        let send = SendProgress(session.sender.summary(), workload: final.workload)
        history.record(final)
        Self.print(final, rates: history.sessionRates, recent: history.rates(over: Self.rateWindow), final: true)
        // Whoever closed the output asked for no more: the session is over, and so is the run.
        if failure?.hasSuffix(Self.outputClosed) == true { return 1 }
        let problem =
            failure ?? Verdict.problem(with: final, receives: session.receives, sends: session.sends)
            ?? stalls.flatMap {
                TimedRunVerdict(maxStall: maxStall.seconds).problem(
                    unacknowledgedBytes: send.unacknowledgedBytes, stalls: $0)
            }
        if let problem {
            _ = Console.failure(problem)
            return 1
        }
        return 0
    }
}

extension StallMeter.Sample {
    init(_ snapshot: SessionSnapshot, acknowledgedBytes: UInt64) {
        self.init(
            uptime: snapshot.uptime, state: snapshot.state, deliveredBytes: snapshot.deliveredBytes,
            acknowledgedBytes: acknowledgedBytes)
    }
}

extension HeadlessRun {
    static let outputClosed = "standard output was closed"

    /// False once standard output is closed.
    @discardableResult
    static func print(
        _ snapshot: SessionSnapshot, rates: ThroughputRates, recent: ThroughputRates? = nil, final: Bool = false
    ) -> Bool {
        do {
            return Console.printLine(try SnapshotJSON.line(snapshot, rates: rates, recent: recent, final: final))
        } catch {
            _ = Console.failure("cannot write the snapshot at \(snapshot.uptime) s as JSON: \(error)")
            return true
        }
    }
}

/// Plays `--at` actions at their times since the session started (the clock of every snapshot).
func schedule(_ actions: [ScriptedAction], on session: Session) {
    let elapsed = session.uptime
    for scripted in actions {
        _ = session.homeLoopForScripts.scheduleTask(in: scripted.at.timeAmount - elapsed) { [session] in
            session.perform(scripted.action, onPath: scripted.path)
        }
    }
}
