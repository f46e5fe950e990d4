import NIOCore

/// Session time: seconds since the session was created, the clock of snapshots and failover events.
struct SessionClock: Sendable {
    let startNanos = NIODeadline.now().uptimeNanoseconds

    func seconds(_ uptimeNanos: UInt64) -> Double {
        Double(Int64(bitPattern: uptimeNanos &- startNanos)) / 1e9
    }

    var now: Double { seconds(NIODeadline.now().uptimeNanoseconds) }

    var uptime: TimeAmount { .nanoseconds(Int64(bitPattern: NIODeadline.now().uptimeNanoseconds &- startNanos)) }
}
