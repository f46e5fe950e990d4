/// How the throughput graph is read: the time it spans and where its legend sits.
extension DashboardState {
    /// Where the graph's legend of path colours sits; `L` moves it, and hides it.
    public enum LegendPlacement: String, CaseIterable, Equatable, Sendable {
        case bottom, top, hidden

        var next: LegendPlacement {
            let all = Self.allCases
            return all[((all.firstIndex(of: self) ?? 0) + 1) % all.count]
        }
    }

    /// Seconds the throughput graph can span; `[` and `]` step through them.
    public static let graphSpans: [Double] = [15, 30, 60, 120, 300]

    /// Enough history for the longest span.
    static var historySeconds: Double { graphSpans.last ?? 60 }

    mutating func changeGraphSpan(by step: Int) {
        let spans = Self.graphSpans
        let current = spans.firstIndex(of: graphSpan) ?? spans.firstIndex { $0 > graphSpan } ?? spans.count - 1
        graphSpan = spans[min(spans.count - 1, max(0, current + step))]
        statusMessage = "graph spans \(Units.uptime(graphSpan))"
    }

    mutating func moveLegend() {
        legend = legend.next
        statusMessage = legend == .hidden ? "legend hidden" : "legend at the \(legend.rawValue)"
    }
}
