import KwikSnapshot

/// A column of the bench results table.
enum BenchColumn: CaseIterable {
    case mode, goodput, allocations, poolHit, p50, p99, ordering, reorderHighWater, cpu

    var title: String {
        switch self {
        case .mode: "mode"
        case .goodput: "goodput"
        case .allocations: "allocs/pkt"
        case .poolHit: "pool hit"
        case .p50: "p50"
        case .p99: "p99"
        case .ordering: "ord viol"
        case .reorderHighWater: "reord hw"
        case .cpu: "CPU s/GiB"
        }
    }

    /// Which columns survive narrowing the terminal, most important first.
    static let priority: [BenchColumn] = [
        .mode, .goodput, .allocations, .ordering, .p99, .cpu, .p50, .poolHit, .reorderHighWater,
    ]

    /// Which columns get their ratio to per-path first when there is room left.
    static let ratioPriority: [BenchColumn] = [
        .goodput, .p99, .cpu, .p50, .allocations, .poolHit, .reorderHighWater, .ordering,
    ]

    /// Cells a value needs even before any result is in, so columns do not jump as rows fill in.
    var minimumValueWidth: Int {
        switch self {
        case .mode: 11
        case .goodput, .allocations: 11
        case .poolHit, .p50, .p99: 7
        case .ordering, .reorderHighWater, .cpu: 4
        }
    }

    var higherIsBetter: Bool { self == .goodput || self == .poolHit }

    /// The figure compared with per-path.
    func figure(_ result: BenchResult) -> Double {
        switch self {
        case .mode: 0
        case .goodput: result.goodputBps
        case .allocations: result.bufferAllocationsPerPacket
        case .poolHit: result.poolHitRate
        case .p50: result.latencyP50Micros
        case .p99: result.latencyP99Micros
        case .ordering: Double(result.orderingViolations)
        case .reorderHighWater: Double(result.reorderHighWater)
        case .cpu: result.cpuSecondsPerGibibyte
        }
    }

    /// The value as coloured text segments.
    func segments(_ result: BenchResult) -> [(String, StyleRole)] {
        switch self {
        case .mode: return [(result.mode.rawValue, .value)]
        case .goodput:
            var parts: [(String, StyleRole)] = [(Units.rate(result.goodputBps), .value)]
            if let spread = Self.spread(result) { parts += [(" ± ", .dim), (spread, .dim)] }
            return parts
        case .allocations:
            var parts: [(String, StyleRole)] = [
                (
                    Self.perPacket(result.bufferAllocationsPerPacket),
                    Self.allocationRole(result.bufferAllocationsPerPacket)
                )
            ]
            if let process = result.processAllocationsPerPacket {
                parts.append((" / ", .dim))
                parts.append((Self.perPacket(process), Self.allocationRole(process)))
            }
            return parts
        case .poolHit:
            let rate = result.poolHitRate
            return [(Units.percent(rate), rate >= 0.99 ? .value : rate >= 0.5 ? .warn : .bad)]
        case .p50: return [(Units.microseconds(result.latencyP50Micros), .value)]
        case .p99: return [(Units.microseconds(result.latencyP99Micros), .value)]
        case .ordering: return [(Units.count(result.orderingViolations), result.orderingViolations == 0 ? .good : .bad)]
        case .reorderHighWater: return [(Units.count(UInt64(max(0, result.reorderHighWater))), .value)]
        case .cpu: return [(Units.fixed(result.cpuSecondsPerGibibyte, decimals: 2), .value)]
        }
    }

    /// The goodput's run-to-run standard deviation as a share of its mean, for `--runs` above 1.
    static func spread(_ result: BenchResult) -> String? {
        guard result.runs > 1, let deviation = result.goodputDeviationBps, result.goodputBps > 0 else { return nil }
        return Units.percent(deviation / result.goodputBps)
    }

    static func perPacket(_ value: Double) -> String { Units.fixed(value.isFinite ? max(0, value) : 0, decimals: 2) }

    /// No allocation on the packet path is the goal; one or more per packet is the naive design.
    static func allocationRole(_ value: Double) -> StyleRole { value < 0.005 ? .good : value < 1 ? .warn : .bad }
}

/// The results table: one row per reader mode in run order, filled in as modes finish, each figure
/// with its ratio to per-path when there is room.
enum BenchResultsPanel {
    struct Placed {
        var column: BenchColumn
        var x: Int
        var valueWidth: Int
        /// 0 when the column shows no ratios.
        var ratioWidth: Int
    }

    static func draw(_ state: BenchViewState, in rect: Rect, on canvas: inout Canvas) {
        let progress = state.progress
        let modes = progress.map(\.modes) ?? ReaderMode.allCases
        let results = progress?.results ?? []
        let inner = rect.inner
        let placed = place(progress, modes: modes, innerX: inner.x + 1, innerWidth: inner.width - 2)
        let showsRatios = placed.contains { $0.ratioWidth > 0 }
        let done = state.isFinished ? modes.count : min(results.count, modes.count)
        var title = "results \(done)/\(modes.count) modes"
        if showsRatios { title += " · ×N against per-path" }
        canvas.box(rect, role: .eventsBox, title: title)
        guard inner.height > 0 else { return }

        for column in placed {
            if column.column == .mode {
                canvas.text(column.column.title, x: column.x, y: inner.y, width: column.valueWidth, role: .label)
            } else {
                canvas.text(
                    column.column.title, x: column.x, y: inner.y, width: column.valueWidth, role: .label,
                    rightAligned: true)
            }
        }
        for (row, mode) in modes.prefix(inner.height - 1).enumerated() {
            let y = inner.y + 1 + row
            if let result = results.first(where: { $0.mode == mode }), let progress {
                drawResult(result, progress: progress, columns: placed, y: y, on: &canvas)
            } else if mode == progress?.current, !state.isFinished, let progress {
                drawRunning(mode, progress: progress, columns: placed, endX: inner.maxX - 1, y: y, on: &canvas)
            } else {
                drawPending(mode, columns: placed, y: y, on: &canvas)
            }
        }
    }

    private static func drawResult(
        _ result: BenchResult, progress: BenchProgress, columns: [Placed], y: Int, on canvas: inout Canvas
    ) {
        for column in columns {
            let segments = column.column.segments(result)
            if column.column == .mode {
                canvas.text(result.mode.rawValue, x: column.x, y: y, width: column.valueWidth, role: .value)
                continue
            }
            let length = segments.reduce(0) { $0 + $1.0.unicodeScalars.count }
            var x = column.x + max(0, column.valueWidth - length)
            for (text, role) in segments {
                x += canvas.write(text, x: x, y: y, role: role, maxWidth: column.x + column.valueWidth - x)
            }
            if column.ratioWidth > 0, let (text, role) = ratio(result, column: column.column, progress: progress) {
                canvas.text(text, x: column.x + column.valueWidth + 1, y: y, width: column.ratioWidth, role: role)
            }
        }
    }

    private static func drawRunning(
        _ mode: ReaderMode, progress: BenchProgress, columns: [Placed], endX: Int, y: Int, on canvas: inout Canvas
    ) {
        guard let first = columns.first else { return }
        canvas.text(mode.rawValue, x: first.x, y: y, width: first.valueWidth, role: .accent)
        guard let figures = columns.dropFirst().first else { return }
        let phase = progress.phase == .warmup ? "warm-up" : "measuring"
        let fraction = progress.fraction.isFinite ? min(1, max(0, progress.fraction)) : 0
        canvas.text(
            "running · \(phase) · \(Units.percent(fraction, decimals: 0)) of this mode", x: figures.x, y: y,
            width: endX - figures.x, role: .warn)
    }

    private static func drawPending(_ mode: ReaderMode, columns: [Placed], y: Int, on canvas: inout Canvas) {
        for column in columns {
            if column.column == .mode {
                canvas.text(mode.rawValue, x: column.x, y: y, width: column.valueWidth, role: .dim)
            } else {
                canvas.writeRightAligned("…", endX: column.x + column.valueWidth, y: y, role: .dim)
            }
        }
    }

    /// `×0.62`: the figure over per-path's, coloured by whether it is better (good) or worse (warn,
    /// or bad beyond a factor of two); nil for per-path itself and where per-path's figure is 0.
    static func ratio(_ result: BenchResult, column: BenchColumn, progress: BenchProgress) -> (String, StyleRole)? {
        guard column != .mode, result.mode != .perPath, let value = progress.ratio(result, column.figure),
            value.isFinite
        else {
            return nil
        }
        let text = value < 999.5 ? "×" + Units.significant(max(0, value)) : "×" + Units.count(UInt64(value.rounded()))
        let gain = column.higherIsBetter ? value : (value > 0 ? 1 / value : .infinity)
        let role: StyleRole = abs(value - 1) < 0.05 ? .dim : gain > 1 ? .good : gain >= 0.5 ? .warn : .bad
        return (text, role)
    }

    /// Columns by priority while they fit, then ratios by priority while they fit; what is left
    /// widens the gaps a little so the table spreads over the box.
    static func place(_ progress: BenchProgress?, modes: [ReaderMode], innerX: Int, innerWidth: Int) -> [Placed] {
        let results = progress?.results ?? []
        var valueWidths: [BenchColumn: Int] = [:]
        var ratioWidths: [BenchColumn: Int] = [:]
        for column in BenchColumn.allCases {
            var width = max(column.title.count, column.minimumValueWidth)
            if column == .mode { width = max(width, modes.map { $0.rawValue.count }.max() ?? 0) }
            // " ± 12.3 %" after the goodput once runs are averaged.
            if column == .goodput, (progress?.runs ?? 1) > 1 { width += 9 }
            // Room for a ratio from the start, so columns do not move when the second mode's figures come in.
            var ratioWidth = column != .mode && modes.contains(.perPath) && modes.count > 1 ? 5 : 0
            for result in results where column != .mode {
                width = max(width, column.segments(result).reduce(0) { $0 + $1.0.unicodeScalars.count })
                if let progress, let (text, _) = ratio(result, column: column, progress: progress) {
                    ratioWidth = max(ratioWidth, text.unicodeScalars.count)
                }
            }
            valueWidths[column] = width
            ratioWidths[column] = ratioWidth
        }

        var chosen: [BenchColumn] = []
        var used = 0
        for column in BenchColumn.priority {
            let needed = valueWidths[column, default: 0] + (chosen.isEmpty ? 0 : 1)
            guard used + needed <= innerWidth else { break }
            chosen.append(column)
            used += needed
        }
        var withRatio: Set<BenchColumn> = []
        for column in BenchColumn.ratioPriority where chosen.contains(column) {
            let width = ratioWidths[column, default: 0]
            guard width > 0 else { continue }
            guard used + width + 1 <= innerWidth else { break }
            withRatio.insert(column)
            used += width + 1
        }
        let ordered = BenchColumn.allCases.filter { chosen.contains($0) }
        let extraGap = ordered.count > 1 ? min(3, (innerWidth - used) / (ordered.count - 1)) : 0
        var placed: [Placed] = []
        var x = innerX
        for column in ordered {
            let ratioWidth = withRatio.contains(column) ? ratioWidths[column, default: 0] : 0
            placed.append(
                Placed(column: column, x: x, valueWidth: valueWidths[column, default: 0], ratioWidth: ratioWidth))
            x += valueWidths[column, default: 0] + (ratioWidth > 0 ? ratioWidth + 1 : 0) + 1 + extraGap
        }
        return placed
    }
}
