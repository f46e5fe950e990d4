import KwikSnapshot

/// What the scheduler needs to know about a path.
public protocol SchedulablePath {
    var id: Int { get }
    /// Smoothed RTT in microseconds; nil before the first sample.
    var smoothedRTT: Double? { get }
    /// Measured delivery rate in bytes per second (for `weighted` and `ecf`).
    var deliveryRate: Double { get }
    /// Microseconds until a packet sent now, behind `queued` more than the path already holds, would
    /// arrive (for `ecf`); nil while the path has no RTT sample.
    func arrivalEstimate(queued: UInt64) -> Double?
    /// Bytes the path holds in flight (for `ecf`).
    var inFlightBytes: Double { get }
}

extension SchedulablePath {
    public func arrivalEstimate(queued: UInt64) -> Double? { smoothedRTT.map { $0 / 2 } }
    public var inFlightBytes: Double { 0 }
}

/// Picks the path for the next packet among the eligible ones (usable, with room). For `redundant`
/// it picks the path for re-sent packets; the sender gives every path a copy of every packet.
public struct Scheduler: Sendable {
    public var kind: SchedulerKind
    private var lastPicked = 0
    /// Smooth weighted round robin credit, by path id (for `weighted`).
    private var credits: [Int: Double] = [:]

    public init(kind: SchedulerKind) { self.kind = kind }

    /// `eligible` has bit `i` set when `paths[i]` may take the packet; `usable` (for `ecf`) when it
    /// carries data, with room or not; `backlogBytes` is what waits to be sent, `windowCapBytes` the
    /// most this end ever has in flight (0: no cap). Nil: nothing now (for `ecf`: waiting for a faster
    /// path delivers sooner).
    public mutating func pick<P: SchedulablePath>(
        _ paths: [P], eligible: UInt64, usable: UInt64 = 0, backlogBytes: Double = 0, windowCapBytes: Double = 0
    ) -> Int? {
        guard eligible != 0 else { return nil }
        func isEligible(_ index: Int) -> Bool { eligible & (1 << UInt64(index)) != 0 }
        var chosen: Int?
        switch kind {
        case .ecf:
            chosen = EarliestCompletion.pick(
                paths, eligible: eligible, usable: usable | eligible, backlogBytes: backlogBytes,
                windowCapBytes: windowCapBytes)
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
            chosen = pickWeighted(paths, isEligible)
        }
        if let chosen { lastPicked = paths[chosen].id }
        return chosen
    }

    /// Smooth weighted round robin: each eligible path earns its weight, the richest is picked and pays
    /// the total. Shares follow the weights from the next packet on, without memory of past shares.
    /// A path without a measurement yet counts at the average of the measured ones, so a late joiner
    /// is not starved before it can show its rate.
    private mutating func pickWeighted<P: SchedulablePath>(_ paths: [P], _ isEligible: (Int) -> Bool) -> Int? {
        var measured = 0.0
        var count = 0.0
        for index in paths.indices where isEligible(index) && paths[index].deliveryRate > 0 {
            measured += paths[index].deliveryRate
            count += 1
        }
        let fallback = count > 0 ? measured / count : 1
        var chosen: Int?
        var total = 0.0
        for index in paths.indices where isEligible(index) {
            let weight = paths[index].deliveryRate > 0 ? paths[index].deliveryRate : fallback
            total += weight
            let credit = credits[paths[index].id, default: 0] + weight
            credits[paths[index].id] = credit
            if chosen == nil || credit > credits[paths[chosen!].id, default: 0] {
                chosen = index
            }
        }
        if let chosen { credits[paths[chosen].id, default: 0] -= total }
        return chosen
    }
}
