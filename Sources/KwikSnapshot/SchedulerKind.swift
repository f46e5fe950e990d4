/// The packet scheduler choosing a path for each packet.
public enum SchedulerKind: String, Sendable, CaseIterable, Codable {
    /// Earliest completion first (the default): a packet goes to the path that would deliver it
    /// soonest, waiting for a faster path rather than queueing behind a slow one.
    case ecf
    case minrtt
    case roundrobin
    case weighted
    case redundant

    public var next: SchedulerKind {
        let all = Self.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }
}
