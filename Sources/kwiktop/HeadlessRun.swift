import KwikCore
import KwikSnapshot
import NIOCore

/// Runs a session without a UI: scripted path actions, one NDJSON snapshot per interval on stdout,
/// then a final line with `"final": true`; the verdict decides the exit status.
struct HeadlessRun {
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
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: UInt64(interval.nanoseconds))
                guard !Task.isCancelled else { break }
                Console.printLine(SnapshotJSON.line(session.snapshot()))
            }
        }
        let failure: String?
        do {
            try await session.completion.get()
            failure = nil
        } catch {
            failure = "\(error)"
        }
        printer.cancel()
        let final = session.snapshot()
        Console.printLine(SnapshotJSON.line(final, final: true))
        if let problem = failure ?? Verdict.problem(with: final, receives: session.receives, sends: session.sends) {
            _ = Console.failure(problem)
            return 1
        }
        return 0
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

/// What makes a finished run a failure.
enum Verdict {
    static func problem(with snapshot: SessionSnapshot, receives: Bool, sends: Bool) -> String? {
        if snapshot.corruptBytes > 0 { return "\(snapshot.corruptBytes) corrupt bytes received" }
        if snapshot.deliveryOrderViolations > 0 { return "\(snapshot.deliveryOrderViolations) delivery-order violations" }
        if let peer = snapshot.peer {
            if peer.corruptBytes > 0 { return "the peer received \(peer.corruptBytes) corrupt bytes" }
            if peer.deliveryOrderViolations > 0 { return "the peer saw \(peer.deliveryOrderViolations) delivery-order violations" }
        }
        guard let total = snapshot.workload.totalBytes else { return nil }
        if receives && snapshot.verifiedBytes != total {
            return "verified \(snapshot.verifiedBytes) of \(total) bytes received"
        }
        if sends && (snapshot.peer?.verifiedBytes ?? 0) != total {
            return "the peer verified \(snapshot.peer?.verifiedBytes ?? 0) of \(total) bytes sent"
        }
        return nil
    }
}
