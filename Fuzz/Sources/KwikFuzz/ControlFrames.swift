import KwikCore
import KwikSnapshot

/// The control frames of the `control` step, their fields as the input gives them: windows, path
/// acknowledgements and counts up to their type's maximum, path ids the session may not have, causes
/// and statuses of every kind.
enum ControlFrames {
    static func frame(_ input: inout FuzzInput) -> Frame {
        switch input.byte() % 7 {
        case 0:
            .dataAck(DataAck(cumulative: input.integer(), window: input.integer(), pathAck: input.integer()))
        case 1:
            .ping(Heartbeat(timestamp: input.integer()))
        case 2:
            .pong(Heartbeat(timestamp: input.integer()))
        case 3:
            .pathStatus(PathStatus(pathID: input.integer(), status: status(input.byte())))
        case 4:
            .stats(
                PeerSummary(
                    deliveredBytes: input.integer(), verifiedBytes: input.integer(), corruptBytes: input.integer(),
                    deliveryOrderViolations: input.integer(), duplicatesDropped: input.integer(),
                    orderingViolations: input.integer(), peerWindow: input.integer(),
                    windowLimitedNanos: input.integer(), paths: pathSendings(&input)))
        case 5:
            .scheduler(SchedulerKind.allCases[Int(input.byte()) % SchedulerKind.allCases.count])
        default:
            .failover(
                FailoverNotice(
                    pathID: input.integer(), cause: cause(input.byte()), packets: input.integer(),
                    bytes: input.integer(), highestSequence: input.integer()))
        }
    }

    /// Up to 4 entries with any path id and figure: ids the session lacks, out of range or repeated.
    private static func pathSendings(_ input: inout FuzzInput) -> [PeerSummary.PathSending] {
        (0..<Int(input.byte() % 5)).map { _ in
            PeerSummary.PathSending(
                pathID: input.integer(), inFlightTarget: input.integer(), deliveryRate: input.integer(),
                minRTTNanos: input.integer(), smoothedRTTNanos: input.integer(), headOfLineNanos: input.integer(),
                opportunisticReinjections: input.integer())
        }
    }

    private static func status(_ byte: UInt8) -> PathStatus.Status {
        [.active, .standby, .disabled][Int(byte % 3)]
    }

    private static func cause(_ byte: UInt8) -> FailoverNotice.Cause {
        FailoverNotice.Cause.allCases[Int(byte) % FailoverNotice.Cause.allCases.count]
    }
}
