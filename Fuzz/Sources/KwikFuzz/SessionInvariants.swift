@testable import KwikCore

/// What must hold of a session after every step, whatever its peers said: the send side's counts
/// agree with each other, the retransmit queue stays within the local window whatever window the peer
/// announced, no path has more in flight than its limit, and a snapshot can be taken.
enum SessionInvariants {
    static func check(_ session: Session) {
        let summary = session.sender.summary()
        let window = session.sender.maximumWindow
        invariant(
            summary.cumulative <= summary.nextSequence,
            "cumulative acknowledgement \(summary.cumulative) beyond the \(summary.nextSequence) packets sent")
        invariant(
            UInt64(summary.queued) == summary.nextSequence - summary.cumulative,
            "\(summary.queued) packets queued for \(summary.nextSequence - summary.cumulative) unacknowledged")
        invariant(
            UInt64(summary.queued) <= window, "\(summary.queued) packets queued beyond the local window of \(window)")
        for path in summary.paths {
            invariant(
                path.inFlightPackets <= session.sender.inFlightLimit,
                "path \(path.id) has \(path.inFlightPackets) packets in flight, beyond its limit")
        }
        _ = session.snapshot()
    }
}
