/// The characters used for borders, marks and graphs, in a Unicode and an ASCII flavour.
struct Glyphs: Sendable {
    let topLeft: Unicode.Scalar
    let topRight: Unicode.Scalar
    let bottomLeft: Unicode.Scalar
    let bottomRight: Unicode.Scalar
    let horizontal: Unicode.Scalar
    let vertical: Unicode.Scalar
    let ellipsis: Unicode.Scalar
    let legendMark: Unicode.Scalar
    let isASCII: Bool

    static let unicode = Glyphs(
        topLeft: "╭", topRight: "╮", bottomLeft: "╰", bottomRight: "╯", horizontal: "─", vertical: "│",
        ellipsis: "…", legendMark: "■", isASCII: false)

    static let ascii = Glyphs(
        topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+", horizontal: "-", vertical: "|",
        ellipsis: "~", legendMark: "#", isASCII: true)

    static func forMode(ascii: Bool) -> Glyphs { ascii ? .ascii : .unicode }

    /// Sparkline levels for terminals without braille, lowest first.
    static let asciiLevels: [Unicode.Scalar] = [" ", ".", ":", "-", "=", "+", "*", "#", "%", "@"]

    /// Fill characters telling stacked paths apart in the ASCII graph, where colour may be absent.
    static let asciiPathFills: [Unicode.Scalar] = ["#", "%", "@", "*", "+", "=", "o", "x"]

    /// Braille dots from the bottom of a cell up, for the left and the right sample column.
    static let brailleLeft: [UInt32] = [0x40, 0x04, 0x02, 0x01]
    static let brailleRight: [UInt32] = [0x80, 0x20, 0x10, 0x08]
    static let brailleBase: UInt32 = 0x2800
}
