/// How many colours the terminal can show.
public enum ColorMode: Sendable, Equatable {
    case truecolor
    case palette256
    case palette16
    /// Monochrome, or the user asked for it with `NO_COLOR`.
    case none

    /// Picks the richest mode the terminal offers. `NO_COLOR` (any non-empty value) wins; truecolor
    /// needs a direct-colour terminal (`COLORS` ≥ 2^24) or `COLORTERM=truecolor|24bit` on a terminal
    /// whose palette can be redefined.
    public static func detect(
        hasColors: Bool, colors: Int, canChangeColor: Bool, environment: [String: String]
    ) -> ColorMode {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .none }
        guard hasColors, colors >= 8 else { return .none }
        if colors >= 1 << 24 { return .truecolor }
        let colorTerm = environment["COLORTERM"]?.lowercased()
        if (colorTerm == "truecolor" || colorTerm == "24bit") && canChangeColor && colors >= 256 { return .truecolor }
        return colors >= 256 ? .palette256 : .palette16
    }

    /// The terminal colour number for `color` in this mode; -1 is the terminal default.
    public func terminalColor(_ color: Color) -> Int {
        guard case .rgb(let rgb) = color else { return -1 }
        switch self {
        case .truecolor: return rgb.packed
        case .palette256: return rgb.nearestXterm256
        case .palette16: return rgb.nearestANSI16
        case .none: return -1
        }
    }
}
