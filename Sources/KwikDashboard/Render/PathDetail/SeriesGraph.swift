import KwikSnapshot

/// A time series drawn `rect.height` rows tall, newest sample at the right edge: two samples per cell
/// in braille (four dots per row), one per cell in ASCII. Unknown samples draw nothing.
enum SeriesGraph {
    static func draw(
        _ ring: RingBuffer<Double?>?, peak: Double, in rect: Rect, role: StyleRole, ascii: Bool,
        on grid: inout CellGrid
    ) {
        guard rect.width > 0, rect.height > 0 else { return }
        let samplesPerCell = ascii ? 1 : 2
        let dotsPerRow = ascii ? Glyphs.asciiLevels.count - 1 : 4
        let levels = dotsPerRow * rect.height
        let scale = peak > 0 ? peak : 1
        func level(back: Int) -> Int {
            guard let ring, back < min(ring.count, rect.width * samplesPerCell),
                let value = ring[ring.count - 1 - back], value > 0
            else { return 0 }
            // Any non-zero value shows at least one dot, so a trickle is visible.
            return min(levels, max(1, Int((value / scale * Double(levels)).rounded())))
        }
        for cell in 0..<rect.width {
            let newest = (rect.width - 1 - cell) * samplesPerCell
            let right = level(back: newest)
            let left = ascii ? 0 : level(back: newest + 1)
            for row in 0..<rect.height {
                let y = rect.maxY - 1 - row
                let rightDots = min(dotsPerRow, max(0, right - row * dotsPerRow))
                if ascii {
                    grid.put(Glyphs.asciiLevels[rightDots], x: rect.x + cell, y: y, role: role)
                    continue
                }
                let leftDots = min(dotsPerRow, max(0, left - row * dotsPerRow))
                var bits: UInt32 = 0
                for dot in 0..<leftDots { bits |= Glyphs.brailleLeft[dot] }
                for dot in 0..<rightDots { bits |= Glyphs.brailleRight[dot] }
                grid.put(Unicode.Scalar(Glyphs.brailleBase | bits) ?? " ", x: rect.x + cell, y: y, role: role)
            }
        }
    }

    /// The largest known sample of the last `count` (the ones a graph of that many samples shows).
    static func peak(_ ring: RingBuffer<Double?>?, last count: Int) -> Double {
        guard let ring else { return 0 }
        var peak = 0.0
        for index in max(0, ring.count - count)..<ring.count { if let value = ring[index] { peak = max(peak, value) } }
        return peak
    }
}
