/// What a cell means, not how it looks: a ``Theme`` turns roles into colours, so frames can be
/// tested as text and roles without knowing the terminal.
public enum StyleRole: Hashable, Sendable {
    case plain
    case title
    case label
    case value
    case dim
    case accent
    case good
    case warn
    case bad
    case selected
    case graphText
    case headerBox
    case pathsBox
    case graphBox
    case eventsBox
    /// The colour of the path at this position in the table (wraps around the palette).
    case path(UInt8)

    /// Every role except the per-path ones, in a stable order (the terminal numbers colour pairs from it).
    public static let fixedRoles: [StyleRole] = [
        .plain, .title, .label, .value, .dim, .accent, .good, .warn, .bad, .selected, .graphText,
        .headerBox, .pathsBox, .graphBox, .eventsBox,
    ]

    /// Number of distinct path colours a theme provides.
    public static let pathPaletteSize = 8

    /// Role of the path at table position `index`.
    public static func forPath(_ index: Int) -> StyleRole { .path(UInt8(index % pathPaletteSize)) }
}

extension StyleRole {
    /// Number of distinct roles, fixed ones then the path palette.
    public static let count = fixedRoles.count + pathPaletteSize

    /// A dense index in `0..<count`, for tables indexed by role (colour pairs, theme styles).
    public var index: Int {
        switch self {
        case .plain: 0
        case .title: 1
        case .label: 2
        case .value: 3
        case .dim: 4
        case .accent: 5
        case .good: 6
        case .warn: 7
        case .bad: 8
        case .selected: 9
        case .graphText: 10
        case .headerBox: 11
        case .pathsBox: 12
        case .graphBox: 13
        case .eventsBox: 14
        case .path(let slot): 15 + Int(slot) % Self.pathPaletteSize
        }
    }

    /// Every role, in `index` order.
    public static let allRoles: [StyleRole] = fixedRoles + (0..<pathPaletteSize).map { .path(UInt8($0)) }
}
