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
