/// The packet scheduler choosing a path for each packet.
public enum SchedulerKind: String, Sendable, CaseIterable, Codable {
    case minrtt
    case roundrobin
    case weighted
    case redundant

    public var next: SchedulerKind {
        let all = Self.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }
}
