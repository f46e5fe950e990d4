/// A truecolor value.
public struct RGB: Hashable, Sendable {
    public var red: UInt8
    public var green: UInt8
    public var blue: UInt8

    public init(_ red: UInt8, _ green: UInt8, _ blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// Parses `#RRGGBB`, or btop's `#GG` shorthand for a grey.
    public init?(hex: some StringProtocol) {
        guard hex.first == "#" else { return nil }
        let digits = hex.dropFirst()
        guard digits.count == 6 || digits.count == 2, let value = UInt32(digits, radix: 16) else { return nil }
        if digits.count == 2 {
            self.init(UInt8(value), UInt8(value), UInt8(value))
        } else {
            self.init(UInt8(value >> 16), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF))
        }
    }

    func distanceSquared(to other: RGB) -> Int {
        let dr = Int(red) - Int(other.red), dg = Int(green) - Int(other.green), db = Int(blue) - Int(other.blue)
        return dr * dr + dg * dg + db * db
    }

    /// The closest colour of xterm's 256-colour palette, from its 6×6×6 cube and grey ramp
    /// (indices 16–255; 0–15 differ between terminals, so they are not candidates).
    public var nearestXterm256: Int {
        let levels = [0, 95, 135, 175, 215, 255]
        func nearestLevel(_ component: UInt8) -> Int {
            levels.indices.min { abs(levels[$0] - Int(component)) < abs(levels[$1] - Int(component)) }!
        }
        let r = nearestLevel(red), g = nearestLevel(green), b = nearestLevel(blue)
        let cube = RGB(UInt8(levels[r]), UInt8(levels[g]), UInt8(levels[b]))
        let average = (Int(red) + Int(green) + Int(blue)) / 3
        let greyStep = min(23, max(0, (average - 3) / 10))
        let greyLevel = UInt8(8 + greyStep * 10)
        let grey = RGB(greyLevel, greyLevel, greyLevel)
        if grey.distanceSquared(to: self) < cube.distanceSquared(to: self) { return 232 + greyStep }
        return 16 + 36 * r + 6 * g + b
    }

    /// xterm's default 16 ANSI colours, by index.
    public static let ansi16: [RGB] = [
        RGB(0, 0, 0), RGB(205, 0, 0), RGB(0, 205, 0), RGB(205, 205, 0), RGB(0, 0, 238), RGB(205, 0, 205),
        RGB(0, 205, 205), RGB(229, 229, 229), RGB(127, 127, 127), RGB(255, 0, 0), RGB(0, 255, 0), RGB(255, 255, 0),
        RGB(92, 92, 255), RGB(255, 0, 255), RGB(0, 255, 255), RGB(255, 255, 255),
    ]

    /// The closest of the 16 ANSI colours.
    public var nearestANSI16: Int { nearestANSI(among: 16) }

    /// The nearest ANSI colour a terminal with `count` (8 or 16) colours has: without the bright ones a
    /// bright colour falls back to its normal one, and grey to white rather than to invisible black.
    public func nearestANSI(among count: Int) -> Int {
        let nearest = Self.ansi16.indices.min {
            Self.ansi16[$0].distanceSquared(to: self) < Self.ansi16[$1].distanceSquared(to: self)
        }!
        guard count < 16, nearest >= 8 else { return nearest }
        return nearest == 8 ? 7 : nearest - 8
    }

    /// 0xRRGGBB, as direct-colour terminals number colours.
    public var packed: Int { Int(red) << 16 | Int(green) << 8 | Int(blue) }
}

/// A theme colour: a value, or the terminal's own default (btop's empty string).
public enum Color: Hashable, Sendable {
    case terminalDefault
    case rgb(RGB)
}
