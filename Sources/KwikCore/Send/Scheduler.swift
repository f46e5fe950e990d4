import KwikMetrics

/// What the scheduler needs to know about a path.
public protocol SchedulablePath {
    var id: Int { get }
    /// Smoothed RTT in microseconds; nil before the first sample.
    var smoothedRTT: Double? { get }
    /// Measured delivery rate in bytes per second (for `weighted`).
    var deliveryRate: Double { get }
    /// Bytes this path was given, for `weighted`'s fair share.
    var scheduledBytes: UInt64 { get }
}

/// Picks the path for the next packet among the eligible ones (usable, with room). For `redundant`
/// it picks the first copy's path; the sender copies the packet to every other eligible path.
public struct Scheduler: Sendable {
    public var kind: SchedulerKind
    private var lastPicked = 0

    public init(kind: SchedulerKind) { self.kind = kind }

    /// `eligible` has bit `i` set when `paths[i]` may take the packet.
    public mutating func pick<P: SchedulablePath>(_ paths: [P], eligible: UInt64) -> Int? {
        guard eligible != 0 else { return nil }
        func isEligible(_ index: Int) -> Bool { eligible & (1 << UInt64(index)) != 0 }
        var chosen: Int?
        switch kind {
        case .minrtt, .redundant:
            var best = Double.infinity
            for index in paths.indices where isEligible(index) {
                let rtt = paths[index].smoothedRTT ?? Double.greatestFiniteMagnitude
                if chosen == nil || rtt < best {
                    chosen = index
                    best = rtt
                }
            }
        case .roundrobin:
            for index in paths.indices where isEligible(index) {
                if paths[index].id > lastPicked && (chosen == nil || paths[index].id < paths[chosen!].id) {
                    chosen = index
                }
            }
            if chosen == nil {
                chosen = eligible.trailingZeroBitCount
            }
        case .weighted:
            var best = Double.infinity
            for index in paths.indices where isEligible(index) {
                let share = Double(paths[index].scheduledBytes) / max(paths[index].deliveryRate, 1)
                if share < best {
                    chosen = index
                    best = share
                }
            }
        }
        if let chosen { lastPicked = paths[chosen].id }
        return chosen
    }
}
