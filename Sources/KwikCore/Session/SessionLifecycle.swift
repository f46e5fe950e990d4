import KwikSnapshot
import NIOConcurrencyHelpers
import NIOCore

/// Where a session stands in its life: connecting until a path joins, then running until it ends,
/// once, either completed or failed with a reason. It also keeps the peer's latest report, which
/// tells when the peer has everything.
final class SessionLifecycle: Sendable {
    private struct State {
        var phase: SessionSnapshot.SessionState = .connecting
        var failureReason: String?
        var peerReport: PeerSummary?
        /// Monotonic nanoseconds when the session ended.
        var endedNanos: UInt64?
        var timers: [RepeatedTask] = []
        var progress = ProgressWatch(now: .now())
    }

    private let state = NIOLockedValueBox(State())

    /// Read in one go for a snapshot.
    struct Reading {
        var phase: SessionSnapshot.SessionState
        var failureReason: String?
        var peerReport: PeerSummary?
        var endedNanos: UInt64?
    }

    var reading: Reading {
        state.withLockedValue {
            Reading(
                phase: $0.phase, failureReason: $0.failureReason, peerReport: $0.peerReport, endedNanos: $0.endedNanos)
        }
    }

    var isFinished: Bool { state.withLockedValue { $0.phase == .completed || $0.phase == .failed } }

    func pathJoined() {
        state.withLockedValue { if $0.phase == .connecting { $0.phase = .running } }
    }

    /// Timers that run while the session does; cancelled when it ends.
    func adopt(_ timers: [RepeatedTask]) {
        state.withLockedValue { $0.timers += timers }
    }

    /// Takes the session's counts (see `ProgressWatch`); returns how long it has been still.
    func observeProgress(delivered: UInt64, acknowledged: UInt64, at now: NIODeadline) -> TimeAmount {
        state.withLockedValue { $0.progress.observe(delivered: delivered, acknowledged: acknowledged, at: now) }
    }

    func stillFor(at now: NIODeadline) -> TimeAmount {
        state.withLockedValue { $0.progress.stillFor(at: now) }
    }

    func peerReported(_ report: PeerSummary) {
        state.withLockedValue { $0.peerReport = report }
    }

    /// Ends the session, completed when `failure` is nil. Returns whether this call ended it: only
    /// the first one does.
    func end(failure: String?) -> Bool {
        state.withLockedValue { state in
            guard state.phase != .completed && state.phase != .failed else { return false }
            state.phase = failure == nil ? .completed : .failed
            state.failureReason = failure
            state.endedNanos = NIODeadline.now().uptimeNanoseconds
            state.timers.forEach { $0.cancel() }
            state.timers = []
            return true
        }
    }
}

/// When a bounded run is over: every byte asked for has gone through, both ways the workload uses.
struct CompletionRule: Sendable {
    let totalBytes: UInt64
    let receives: Bool
    let sends: Bool

    /// Runs after every read, so each reading is taken only when the answer still depends on it (an
    /// unbounded run takes none).
    /// - Parameters:
    ///   - delivered: bytes delivered here in order.
    ///   - sendSideDone: everything this end sent has been acknowledged.
    ///   - peerDelivered: bytes the peer says it delivered.
    func isComplete(
        delivered: @autoclosure () -> UInt64, sendSideDone: @autoclosure () -> Bool,
        peerDelivered: @autoclosure () -> UInt64
    ) -> Bool {
        guard totalBytes > 0 else { return false }
        guard !receives || delivered() >= totalBytes else { return false }
        return !sends || (sendSideDone() && peerDelivered() >= totalBytes)
    }
}
