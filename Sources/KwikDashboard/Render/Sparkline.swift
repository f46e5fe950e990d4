import KwikSnapshot

/// One-row throughput history of a single path, newest sample at the right edge.
enum Sparkline {
    /// Draws the last samples of `ring` scaled to `peak`: two samples per cell in braille, one in ASCII.
    static func draw(
        _ ring: RingBuffer<Double>?, peak: Double, x: Int, y: Int, width: Int, role: StyleRole, ascii: Bool,
        on grid: inout CellGrid
    ) {
        guard width > 0 else { return }
        let samplesPerCell = ascii ? 1 : 2
        let count = ring?.count ?? 0
        let shown = min(count, width * samplesPerCell)
        let scale = peak > 0 ? peak : 1
        for cell in 0..<width {
            // Sample indices counted back from the newest, so the line grows from the right.
            let newestInCell = (width - 1 - cell) * samplesPerCell
            if ascii {
                let level = sampleLevel(
                    ring, count: count, shown: shown, back: newestInCell, scale: scale,
                    levels: Glyphs.asciiLevels.count - 1)
                grid.put(Glyphs.asciiLevels[level], x: x + cell, y: y, role: role)
            } else {
                let right = sampleLevel(ring, count: count, shown: shown, back: newestInCell, scale: scale, levels: 4)
                let left = sampleLevel(
                    ring, count: count, shown: shown, back: newestInCell + 1, scale: scale, levels: 4)
                var bits: UInt32 = 0
                for dot in 0..<left { bits |= Glyphs.brailleLeft[dot] }
                for dot in 0..<right { bits |= Glyphs.brailleRight[dot] }
                grid.put(Unicode.Scalar(Glyphs.brailleBase | bits)!, x: x + cell, y: y, role: role)
            }
        }
    }

    /// Height (0...levels) of the sample `back` places before the newest; 0 when there is none.
    /// Any non-zero rate shows at least one level, so a trickle is visible.
    private static func sampleLevel(
        _ ring: RingBuffer<Double>?, count: Int, shown: Int, back: Int, scale: Double, levels: Int
    ) -> Int {
        guard let ring, back < shown else { return 0 }
        let value = ring[count - 1 - back]
        guard value > 0 else { return 0 }
        return min(levels, max(1, Int((value / scale * Double(levels)).rounded())))
    }
}
