/// Why a path stopped carrying data.
public enum FailoverCause: String, Sendable, Codable, CaseIterable {
    case disabled
    case killed
    case stale
    case closedByPeer = "closed_by_peer"
}
