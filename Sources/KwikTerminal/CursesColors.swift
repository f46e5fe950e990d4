import CNcurses
import KwikDashboard

/// One ncurses colour pair per ``StyleRole`` (pair = role index + 1), set up for a theme.
struct CursesColors {
    let mode: ColorMode
    /// Whether colour numbers are packed RGB (a direct-colour terminal) rather than palette slots.
    private let isDirect: Bool
    private let paletteSize: Int
    private var flags = [Int32](repeating: 0, count: StyleRole.count)

    init(mode: ColorMode) {
        self.mode = mode
        paletteSize = Int(kw_colors())
        isDirect = paletteSize >= 1 << 24
    }

    mutating func apply(_ theme: Theme) {
        var redefined: [RGB: Int32] = [:]
        for role in StyleRole.allRoles {
            let style = theme.style(for: role)
            var flag: Int32 = style.bold ? Int32(KW_BOLD) : 0
            if mode == .none && role == .selected { flag |= Int32(KW_REVERSE) }
            flags[role.index] = flag
            guard mode != .none else { continue }
            let foreground = number(for: style.foreground, redefined: &redefined)
            let background = number(for: style.background, redefined: &redefined)
            init_extended_pair(Int32(role.index + 1), foreground, background)
        }
    }

    func pair(for role: StyleRole) -> Int32 { mode == .none ? 0 : Int32(role.index + 1) }
    func flags(for role: StyleRole) -> Int32 { flags[role.index] }

    /// Truecolor without a direct-colour terminal redefines palette slots from 16 up to the exact
    /// RGB values; when slots run out the nearest xterm colour is used.
    private func number(for color: Color, redefined: inout [RGB: Int32]) -> Int32 {
        guard case .rgb(let rgb) = color else { return -1 }
        switch mode {
        case .truecolor where isDirect: return Int32(rgb.packed)
        case .truecolor:
            if let slot = redefined[rgb] { return slot }
            let slot = Int32(16 + redefined.count)
            guard Int(slot) < paletteSize else { return Int32(rgb.nearestXterm256) }
            func scaled(_ component: UInt8) -> Int32 { Int32(component) * 1000 / 255 }
            init_extended_color(slot, scaled(rgb.red), scaled(rgb.green), scaled(rgb.blue))
            redefined[rgb] = slot
            return slot
        case .palette256: return Int32(rgb.nearestXterm256)
        case .palette16: return Int32(rgb.nearestANSI(among: paletteSize >= 16 ? 16 : 8))
        case .none: return -1
        }
    }
}
