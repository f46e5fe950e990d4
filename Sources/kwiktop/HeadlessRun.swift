import KwikCore
import KwikSnapshot
import NIOCore

/// Runs a session without a UI: scripted path actions, one NDJSON snapshot per interval on stdout
/// with rates over the last second, then a final line with `"final": true` and rates over the whole
/// run; the verdict decides the exit status.
struct HeadlessRun {
    /// Seconds over which the interval lines measure rates.
    static let rateWindow = 1.0

    let session: Session
    let actions: [ScriptedAction]
    let interval: Duration
    let duration: Duration?

    func run() async -> Int32 {
        schedule(actions, on: session)
        if let duration {
            _ = session.homeLoopForScripts.scheduleTask(in: duration.timeAmount - session.uptime) { [session] in
                session.endRun()
            }
        }
        let printer = Task { [session, interval] in
            var history = ThroughputHistory()
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: UInt64(interval.nanoseconds))
                guard !Task.isCancelled else { break }
                let snapshot = session.snapshot()
                history.record(snapshot)
                guard Self.print(snapshot, rates: history.rates(over: Self.rateWindow)) else {
                    session.fail(Self.outputClosed)
                    break
                }
            }
            return history
        }
        let failure: String?
        do {
            try await session.completion.get()
            failure = nil
        } catch {
            failure = "\(error)"
        }
        printer.cancel()
        var history = await printer.value
        let final = session.snapshot()
        history.record(final)
        Self.print(final, rates: history.sessionRates, final: true)
        // Whoever closed the output asked for no more: the session is over, and so is the run.
        if failure?.hasSuffix(Self.outputClosed) == true { return 1 }
        if let problem = failure ?? Verdict.problem(with: final, receives: session.receives, sends: session.sends) {
            _ = Console.failure(problem)
            return 1
        }
        return 0
    }
}

extension HeadlessRun {
    static let outputClosed = "standard output was closed"

    /// False once standard output is closed.
    @discardableResult
    static func print(_ snapshot: SessionSnapshot, rates: ThroughputRates, final: Bool = false) -> Bool {
        do {
            return Console.printLine(try SnapshotJSON.line(snapshot, rates: rates, final: final))
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
