import KwikSnapshot

/// The throughput history cut into the graph's columns over a span of time: each column holds every
/// path's mean rate over its share of the span, so the graph covers the span whatever its width.
struct GraphColumns {
    /// Per column, oldest first, each path's rate in `history.pathIDs` order; nil where the history
    /// does not reach back.
    let values: [[Double]?]

    init(_ history: ThroughputHistory, span: Double, count: Int) {
        let stepsShown = max(1, span / history.step)
        let end = history.sampleCount
        let origin = Double(end) - stepsShown
        let paths = history.pathIDs
        values = (0..<max(0, count)).map { column in
            let from = Int((origin + Double(column) * stepsShown / Double(count)).rounded(.down))
            let to = max(from + 1, Int((origin + Double(column + 1) * stepsShown / Double(count)).rounded(.down)))
            let first = max(0, from), last = min(end, to)
            guard first < last else { return nil }
            return paths.map { id in
                var sum = 0.0
                for sample in first..<last { sum += history.rate(pathID: id, sample: sample) }
                return sum / Double(last - first)
            }
        }
    }

    /// The highest stacked total of any column.
    var peak: Double { values.reduce(0) { max($0, $1?.reduce(0, +) ?? 0) } }
}
