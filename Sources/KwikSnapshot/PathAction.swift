/// Run-time actions on one path, from the CLI script or the dashboard keys.
public enum PathAction: String, Sendable, CaseIterable, Codable {
    case disable
    case enable
    case kill
    case blackhole
    case restore
}
