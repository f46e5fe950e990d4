import KwikSnapshot

/// Rows and columns of the aggregation results table in a given box: a heading row per case, then a
/// row per path alone and one for all paths; a group of columns per scheduler (goodput, then its
/// ratio to the row's rate and, for all paths, to the best path alone) when there is room, goodput
/// only when not.
struct AggregationTable {
    enum Row: Equatable {
        case heading(caseIndex: Int)
        case subset(caseIndex: Int, AggregationSubset)
    }

    static let goodputWidth = 11
    static let ratioWidth = 5
    static let rateWidth = 11
    static let gap = 2
    static let labelTitle = "case / path"

    let rows: [Row]
    /// Table rows the box shows below its two heading lines.
    let visibleRows: Int
    /// The row of the run in progress.
    let runningRow: Int?
    let labelWidth: Int
    /// Whether each scheduler's group has its two ratio columns.
    let showsRatios: Bool
    /// How many of the schedulers have a group (the first ones, in run order).
    let shownSchedulers: Int

    init(_ progress: AggregationProgress?, rect: Rect) {
        let cases = progress?.report.cases ?? []
        rows = cases.indices.flatMap { index in
            [Row.heading(caseIndex: index)] + cases[index].subsets.map { Row.subset(caseIndex: index, $0) }
        }
        let inner = rect.inner
        visibleRows = max(0, inner.height - 2)
        if let current = progress?.current, progress?.isFinished == false {
            runningRow = rows.firstIndex(of: .subset(caseIndex: current.caseIndex, current.subset))
        } else {
            runningRow = nil
        }
        let labels = cases.flatMap { testCase in testCase.subsets.map { Self.label(testCase, $0) } }
        labelWidth = min(32, max(Self.labelTitle.count, labels.map(\.unicodeScalars.count).max() ?? 0))
        let schedulers = progress?.report.schedulers.count ?? 0
        let room = inner.width - 2 - labelWidth - Self.gap - Self.rateWidth
        let full = Self.goodputWidth + 2 * (Self.ratioWidth + 1) + Self.gap
        let compact = Self.goodputWidth + Self.gap
        // Ratios for every scheduler, else goodput for every scheduler, else ratios for those that fit.
        showsRatios = room >= schedulers * full || (room < compact * schedulers && room >= full)
        shownSchedulers = min(schedulers, max(0, room / (showsRatios ? full : compact)))
    }

    /// Highest first row that still fills the box.
    var maximumOffset: Int { max(0, rows.count - visibleRows) }

    /// The first row that keeps the running row in view with the row after it, from the top otherwise.
    var followOffset: Int {
        guard let runningRow else { return 0 }
        return max(0, min(maximumOffset, runningRow + 2 - visibleRows))
    }

    var groupWidth: Int { showsRatios ? Self.goodputWidth + 2 * (Self.ratioWidth + 1) : Self.goodputWidth }

    /// `path 2  5mbit/25ms` (the path as the case writes it), or `all`.
    static func label(_ testCase: AggregationCase, _ subset: AggregationSubset) -> String {
        guard case .alone(let position) = subset else { return "  all" }
        let parts = testCase.name.split(separator: "+")
        let written = position <= parts.count ? String(parts[position - 1]) : ""
        return "  path \(position)  \(written)"
    }

    /// `×0.97`: two decimals below 10, three significant digits above.
    static func ratioText(_ value: Double) -> String {
        let value = value.isFinite ? max(0, value) : 0
        return "×" + (value < 9.995 ? Units.fixed(value, decimals: 2) : Units.significant(value))
    }

    /// Aggregation is good from 95 % of the figure compared with.
    static func ratioRole(_ value: Double) -> StyleRole { value >= 0.95 ? .good : .warn }
}
