/// The `peer` object of an NDJSON line: what the other end verified, and how its sender sends the
/// data this end receives.
extension SnapshotJSON {
    struct Peer: Encodable {
        var deliveredBytes, verifiedBytes, corruptBytes, deliveryOrderViolations, duplicatesDropped: UInt64
        var orderingViolations: UInt64
        /// The scheduler of the peer's sender: the one the data this end receives comes through.
        var scheduler: String?
        /// This end's window as the peer's sender uses it, and the time it held that sender back.
        var peerWindowPackets: UInt64
        var windowLimitedMs: Double
        var paths: [PeerPath]

        init(_ p: PeerReport) {
            deliveredBytes = p.deliveredBytes
            verifiedBytes = p.verifiedBytes
            corruptBytes = p.corruptBytes
            deliveryOrderViolations = p.deliveryOrderViolations
            duplicatesDropped = p.duplicatesDropped
            orderingViolations = p.orderingViolations
            scheduler = p.scheduler?.rawValue
            peerWindowPackets = p.peerWindowPackets
            windowLimitedMs = p.windowLimitedSeconds * 1000
            paths = p.paths.map(PeerPath.init)
        }
    }

    /// The peer's sending model of one path, under the keys `paths[]` uses for this end's.
    struct PeerPath: Encodable {
        var id: Int
        var inflightTargetBytes: UInt64
        var deliveryRateBps: Double
        var modelMinRttUs, modelSrttUs, queueingDelayUs: Double?
        var holBlockingMs: Double
        var opportunisticReinjections: UInt64

        init(_ p: PeerReport.Path) {
            id = p.id
            inflightTargetBytes = p.sending.inFlightTargetBytes
            deliveryRateBps = p.sending.deliveryRateBps
            modelMinRttUs = p.sending.minRTT
            modelSrttUs = p.sending.smoothedRTT
            queueingDelayUs = p.sending.queueingDelay
            holBlockingMs = p.sending.headOfLineSeconds * 1000
            opportunisticReinjections = p.sending.opportunisticReinjections
        }
    }
}
