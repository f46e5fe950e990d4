import KwikSnapshot

/// The sender's per-path figures in their three forms: the sender's summary, the STATS entry that
/// carries them to the peer, and the snapshot's `SendingModel`. A peer's entries are untrusted: every
/// conversion saturates instead of trapping.
extension PeerSummary.PathSending {
    init(_ path: SenderSummary.Path) {
        self.init(
            pathID: UInt16(clamping: path.id), inFlightTarget: path.inFlightTarget,
            deliveryRate: UInt64(saturating: path.deliveryRate),
            minRTTNanos: path.minRTT.map { UInt64(saturating: $0 * 1000) },
            smoothedRTTNanos: path.smoothedRTT.map { UInt64(saturating: $0 * 1000) },
            headOfLineNanos: path.headOfLineNanos, opportunisticReinjections: path.opportunisticReinjections)
    }
}

extension SendingModel {
    init(_ path: SenderSummary.Path, packetSize: UInt64) {
        self.init(
            inFlightTargetBytes: path.inFlightTarget.multipliedSaturating(by: packetSize),
            deliveryRateBps: path.deliveryRate * 8, minRTT: path.minRTT, smoothedRTT: path.smoothedRTT,
            headOfLineSeconds: Double(path.headOfLineNanos) / 1e9,
            opportunisticReinjections: path.opportunisticReinjections)
    }

    init(_ path: PeerSummary.PathSending, packetSize: UInt64) {
        self.init(
            inFlightTargetBytes: path.inFlightTarget.multipliedSaturating(by: packetSize),
            deliveryRateBps: Double(path.deliveryRate) * 8, minRTT: path.minRTTNanos.map { Double($0) / 1000 },
            smoothedRTT: path.smoothedRTTNanos.map { Double($0) / 1000 },
            headOfLineSeconds: Double(path.headOfLineNanos) / 1e9,
            opportunisticReinjections: path.opportunisticReinjections)
    }
}

extension PeerReport {
    init(_ summary: PeerSummary, packetSize: UInt64) {
        self.init(
            deliveredBytes: summary.deliveredBytes, verifiedBytes: summary.verifiedBytes,
            corruptBytes: summary.corruptBytes, deliveryOrderViolations: summary.deliveryOrderViolations,
            duplicatesDropped: summary.duplicatesDropped, orderingViolations: summary.orderingViolations,
            scheduler: summary.scheduler, peerWindowPackets: summary.peerWindow,
            windowLimitedSeconds: Double(summary.windowLimitedNanos) / 1e9,
            paths: summary.paths.sorted { $0.pathID < $1.pathID }.map {
                Path(id: Int($0.pathID), sending: SendingModel($0, packetSize: packetSize))
            })
    }
}

extension UInt64 {
    /// `value` rounded, 0 for negative or NaN, `UInt64.max - 1` at most (`max` means "none" on the wire).
    init(saturating value: Double) {
        guard value > 0 else {
            self = 0
            return
        }
        self = value >= 1.8e19 ? UInt64.max - 1 : UInt64(value.rounded())
    }

    func multipliedSaturating(by other: UInt64) -> UInt64 {
        let (product, overflow) = multipliedReportingOverflow(by: other)
        return overflow ? .max : product
    }
}
