import KwikCore
import KwikSnapshot

/// Where this end's send side stands in the stream, in bytes: what it sent and what the peer's
/// cumulative acknowledgement covers. Every packet but a bounded stream's last is full, so the
/// sender's sequence numbers convert to bytes exactly.
struct SendProgress: Equatable {
    var sentBytes: UInt64
    var acknowledgedBytes: UInt64

    init(nextSequence: UInt64, cumulative: UInt64, packetSize: Int, totalBytes: UInt64?) {
        let size = UInt64(packetSize)
        let limit = totalBytes ?? .max
        sentBytes = min(nextSequence * size, limit)
        acknowledgedBytes = min(cumulative * size, limit)
    }

    init(_ summary: SenderSummary, workload: SessionSnapshot.Workload) {
        self.init(
            nextSequence: summary.nextSequence, cumulative: summary.cumulative, packetSize: workload.packetSize,
            totalBytes: workload.totalBytes)
    }

    var unacknowledgedBytes: UInt64 { sentBytes - acknowledgedBytes }
}
