import KwikSnapshot

/// Aggregate throughput over time (rx, or tx at an end that only sends), stacked by path in each
/// path's colour.
enum ThroughputGraphPanel {
    static func draw(_ state: DashboardState, in rect: Rect, on canvas: inout Canvas) {
        let inner = rect.inner
        let history = state.history
        let samplesPerCell = state.isASCII ? 1 : 2
        let shown = min(history.sampleCount, inner.width * samplesPerCell)
        let first = history.sampleCount - shown
        var peak = 0.0
        for sample in first..<history.sampleCount { peak = max(peak, history.total(sample: sample)) }

        let direction = history.seriesDirection == .receive ? "rx" : "tx"
        canvas.box(rect, role: .graphBox, title: "\(direction) throughput, stacked · peak \(Units.rate(peak))")
        drawLegend(state, rect: rect, on: &canvas)
        guard inner.width > 0, inner.height > 0, shown > 0, peak > 0 else { return }

        let stack = Stack(history: history, peak: peak, levels: inner.height * (state.isASCII ? 1 : 4))
        let roles = history.pathIDs.map { state.role(forPathID: $0) }
        var leftBounds = [Int](repeating: 0, count: roles.count + 1)
        var rightBounds = leftBounds
        for cell in 0..<inner.width {
            // Newest sample in the rightmost cell.
            let newest = history.sampleCount - 1 - (inner.width - 1 - cell) * samplesPerCell
            let x = inner.x + cell
            if state.isASCII {
                guard newest >= first else { continue }
                stack.bounds(sample: newest, into: &leftBounds)
                for row in 0..<inner.height {
                    guard let slot = Stack.owner(level: row, bounds: leftBounds) else { break }
                    let fill = Glyphs.asciiPathFills[slot % Glyphs.asciiPathFills.count]
                    canvas.grid.put(fill, x: x, y: inner.maxY - 1 - row, role: roles[slot])
                }
            } else {
                stack.bounds(sample: newest - 1 >= first ? newest - 1 : -1, into: &leftBounds)
                stack.bounds(sample: newest >= first ? newest : -1, into: &rightBounds)
                for row in 0..<inner.height {
                    var bits: UInt32 = 0
                    var owner: Int?
                    for dot in 0..<4 {
                        let level = row * 4 + dot
                        if let slot = Stack.owner(level: level, bounds: leftBounds) {
                            bits |= Glyphs.brailleLeft[dot]
                            owner = slot
                        }
                        if let slot = Stack.owner(level: level, bounds: rightBounds) {
                            bits |= Glyphs.brailleRight[dot]
                            owner = owner ?? slot
                        }
                    }
                    guard let owner else { break }
                    canvas.grid.put(
                        Unicode.Scalar(Glyphs.brailleBase | bits)!, x: x, y: inner.maxY - 1 - row, role: roles[owner])
                }
            }
        }
    }

    /// Path ids in their colours along the bottom border, so the stack can be read.
    private static func drawLegend(_ state: DashboardState, rect: Rect, on canvas: inout Canvas) {
        var x = rect.maxX - 2
        let y = rect.maxY - 1
        for (slot, id) in state.history.pathIDs.enumerated().reversed() {
            let mark =
                state.isASCII ? Glyphs.asciiPathFills[slot % Glyphs.asciiPathFills.count] : Glyphs.unicode.legendMark
            let label = "\(id) "
            let length = label.count + 2
            guard x - length > rect.x + 2 else { break }
            x -= length
            canvas.grid.put(" ", x: x, y: y, role: .graphText)
            canvas.grid.put(mark, x: x + 1, y: y, role: state.role(forPathID: id))
            canvas.write(label, x: x + 2, y: y, role: .graphText)
        }
    }
}

/// Cumulative heights of the stacked paths for one sample, in graph levels.
private struct Stack {
    let history: ThroughputHistory
    let peak: Double
    let levels: Int

    /// `bounds[k]..<bounds[k+1]` are the levels of the k-th path; a negative sample is empty.
    func bounds(sample: Int, into bounds: inout [Int]) {
        var sum = 0.0
        bounds[0] = 0
        for slot in history.pathIDs.indices {
            if sample >= 0 { sum += history.rate(pathID: history.pathIDs[slot], sample: sample) }
            bounds[slot + 1] = Int((sum / peak * Double(levels)).rounded())
        }
    }

    /// The path slot covering `level`, or nil above the stack.
    static func owner(level: Int, bounds: [Int]) -> Int? {
        guard level < bounds[bounds.count - 1] else { return nil }
        var slot = 0
        while level >= bounds[slot + 1] { slot += 1 }
        return slot
    }
}
