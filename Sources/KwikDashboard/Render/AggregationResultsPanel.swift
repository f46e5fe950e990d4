import KwikSnapshot

/// The aggregation results table, filling in run by run: the running row shows its live goodput and
/// a progress bar, finished rows their goodput and ratios, failed runs `failed`, the rest `…`.
enum AggregationResultsPanel {
    static func draw(_ state: AggregationViewState, in rect: Rect, on canvas: inout Canvas) {
        let progress = state.progress
        let table = AggregationTable(progress, rect: rect)
        let total = progress?.report.plan.count ?? 0
        var title = "results \(progress?.report.runs.count ?? 0)/\(total) runs"
        if let schedulers = progress?.report.schedulers.count, table.shownSchedulers < schedulers {
            title += " · \(table.shownSchedulers)/\(schedulers) schedulers fit"
        }
        title += " · ×rate: goodput ÷ rate · ×best: all ÷ best path alone"
        canvas.box(rect, role: .eventsBox, title: title)
        let inner = rect.inner
        guard let progress, inner.height > 2 else { return }
        let x = inner.x + 1
        let rateX = x + table.labelWidth + AggregationTable.gap
        let firstGroupX = rateX + AggregationTable.rateWidth + AggregationTable.gap
        let schedulers = progress.report.schedulers.prefix(table.shownSchedulers)
        func groupX(_ index: Int) -> Int { firstGroupX + index * (table.groupWidth + AggregationTable.gap) }

        canvas.text(AggregationTable.labelTitle, x: x, y: inner.y, width: table.labelWidth, role: .label)
        canvas.text("rate", x: rateX, y: inner.y, width: AggregationTable.rateWidth, role: .label, rightAligned: true)
        for (index, scheduler) in schedulers.enumerated() {
            let name = scheduler.rawValue
            let centred = groupX(index) + max(0, (table.groupWidth - name.count) / 2)
            canvas.text(name, x: centred, y: inner.y, width: table.groupWidth, role: .accent)
            let subtitles = table.showsRatios ? ["goodput", "×rate", "×best"] : ["goodput"]
            let widths = [AggregationTable.goodputWidth, AggregationTable.ratioWidth, AggregationTable.ratioWidth]
            let cells = zip(subtitles, widths).map { GroupCell(text: $0, role: .dim, width: $1) }
            drawGroup(cells, x: groupX(index), y: inner.y + 1, on: &canvas)
        }

        let offset = min(state.scrollOffset ?? table.followOffset, table.maximumOffset)
        for (line, row) in table.rows.dropFirst(offset).prefix(table.visibleRows).enumerated() {
            let y = inner.y + 2 + line
            switch row {
            case .heading(let caseIndex):
                let name = progress.report.cases[caseIndex].name
                canvas.text(name, x: x, y: y, width: inner.maxX - 1 - x, role: .title)
            case .subset(let caseIndex, let subset):
                let testCase = progress.report.cases[caseIndex]
                let label = AggregationTable.label(testCase, subset)
                canvas.text(label, x: x, y: y, width: table.labelWidth, role: subset == .all ? .value : .label)
                canvas.text(
                    Units.rate(testCase.rateBps(of: subset)), x: rateX, y: y, width: AggregationTable.rateWidth,
                    role: .dim, rightAligned: true)
                for (index, scheduler) in schedulers.enumerated() {
                    let position = AggregationPosition(caseIndex: caseIndex, scheduler: scheduler, subset: subset)
                    let cells = self.cells(at: position, in: progress, showsRatios: table.showsRatios)
                    drawGroup(cells, x: groupX(index), y: y, on: &canvas)
                }
            }
        }
    }

    /// One cell of a scheduler's group, right-aligned in its width.
    struct GroupCell {
        var text: String
        var role: StyleRole
        var width: Int

        static func goodput(_ text: String, _ role: StyleRole) -> GroupCell {
            GroupCell(text: text, role: role, width: AggregationTable.goodputWidth)
        }

        static func ratio(_ value: Double) -> GroupCell {
            GroupCell(
                text: AggregationTable.ratioText(value), role: AggregationTable.ratioRole(value),
                width: AggregationTable.ratioWidth)
        }
    }

    private static func drawGroup(_ cells: [GroupCell], x: Int, y: Int, on canvas: inout Canvas) {
        var cellX = x
        for cell in cells {
            canvas.text(cell.text, x: cellX, y: y, width: cell.width, role: cell.role, rightAligned: true)
            cellX += cell.width + 1
        }
    }

    /// What one scheduler's group shows on one row.
    static func cells(
        at position: AggregationPosition, in progress: AggregationProgress, showsRatios: Bool
    ) -> [GroupCell] {
        let report = progress.report
        if progress.current == position, !progress.isFinished {
            let live = GroupCell.goodput(progress.liveGoodputBps.map(Units.rate) ?? "…", .accent)
            let progressBar = GroupCell(
                text: bar(progress.fraction), role: .good, width: 2 * AggregationTable.ratioWidth + 1)
            return showsRatios ? [live, progressBar] : [live]
        }
        guard let run = report.run(at: position) else { return [.goodput("…", .dim)] }
        guard run.problem == nil else { return [.goodput("failed", .bad)] }
        var cells = [GroupCell.goodput(Units.rate(run.goodputBps), .value)]
        guard showsRatios else { return cells }
        let testCase = report.cases[position.caseIndex]
        cells.append(.ratio(run.goodputBps / testCase.rateBps(of: position.subset)))
        let summary = AggregationSummary(case: testCase, scheduler: position.scheduler, runs: report.runs)
        if position.subset == .all, let toBest = summary.aggregateToBestAlone { cells.append(.ratio(toBest)) }
        return cells
    }

    /// A bar over both ratio columns: `███░░░ 37 %` cut to fit, as one right-aligned cell.
    private static func bar(_ fraction: Double) -> String {
        let fraction = fraction.isFinite ? min(1, max(0, fraction)) : 0
        let percent = " " + Units.percent(fraction, decimals: 0)
        let width = 2 * AggregationTable.ratioWidth + 1 - percent.count
        let filled = Int((fraction * Double(width)).rounded(.down))
        return String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled) + percent
    }
}
