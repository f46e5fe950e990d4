/// Figures for a graph's y axis: a round top for the scale, and short SI labels.
extension Units {
    /// The smallest round number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 × 10ⁿ) at or above `value`, so
    /// that the axis reads in round numbers and the graph still uses most of its height.
    static func axisTop(_ value: Double) -> Double {
        guard value.isFinite, value > 0 else { return 0 }
        var decade = 1.0
        while decade * 10 <= value { decade *= 10 }
        while decade > value { decade /= 10 }
        for multiple in [1.0, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10] where multiple * decade >= value * (1 - 1e-12) {
            return multiple * decade
        }
        return 10 * decade
    }

    /// A rate as an axis label: `2.5G`, `750M`, `40k`, `0`.
    static func axisRate(_ bitsPerSecond: Double) -> String {
        let value = bitsPerSecond.isFinite ? max(0, bitsPerSecond) : 0
        for (scale, prefix) in [(1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")] where value >= scale {
            let scaled = value / scale
            let text = fixed(scaled, decimals: scaled < 10 ? 1 : 0)
            return (text.hasSuffix(".0") ? String(text.dropLast(2)) : text) + prefix
        }
        let text = fixed(value, decimals: value < 10 ? 1 : 0)
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }
}
