import KwikSnapshot

/// The time series of the path detail view, each with the figure it ends at.
struct PathDetailRow {
    let label: String
    let series: PathTimeline.Series
    let value: String
    let role: StyleRole
    /// A scale fixed in advance (a fraction's 1), instead of the largest sample shown.
    let fixedPeak: Double?

    init(
        _ label: String, _ series: PathTimeline.Series, _ value: String, _ role: StyleRole = .value, peak: Double? = nil
    ) {
        self.label = label
        self.series = series
        self.value = value
        self.role = role
        fixedPeak = peak
    }

    /// The rows for `path`, their values the newest samples of `timeline` with peaks over `shown` samples.
    static func rows(
        _ path: PathSnapshot, _ snapshot: SessionSnapshot, timeline: PathTimeline, shown: Int
    )
        -> [PathDetailRow]
    {
        func last(_ kind: PathTimeline.Series) -> Double? { timeline.series(kind, path: path.id)?.last ?? nil }
        func peak(_ kind: PathTimeline.Series) -> Double {
            SeriesGraph.peak(timeline.series(kind, path: path.id), last: shown)
        }
        func rate(_ kind: PathTimeline.Series) -> String {
            "\(Units.rate(last(kind) ?? 0)) · peak \(Units.rate(peak(kind)))"
        }
        let sends = PathTimeline.modelDirection(snapshot) == .send
        let model = snapshot.sendingModel(PathTimeline.modelDirection(snapshot), path: path.id)
        let target = model.map { Units.bytes($0.inFlightTargetBytes) } ?? Units.unknown
        let inFlight =
            sends ? "\(Units.bytes(path.bytesInFlight)) of \(target)" : "known at the sending end only"
        let hit = last(.poolHitRate)
        let hol = model?.headOfLineSeconds ?? 0
        return [
            PathDetailRow("rx", .rx, rate(.rx)),
            PathDetailRow("tx", .tx, rate(.tx)),
            PathDetailRow(
                "srtt", .srtt,
                "\(Units.microseconds(last(.srtt))) · min \(Units.microseconds(last(.minRTT) ?? path.rtt?.min))"),
            PathDetailRow(
                "queueing", .queueing,
                "\(Units.microseconds(last(.queueing))) · peak \(Units.microseconds(peak(.queueing)))"),
            PathDetailRow("in flight", .inFlight, inFlight, sends ? .value : .dim),
            PathDetailRow("target", .inFlightTarget, "\(target) · peak \(Units.bytes(UInt64(peak(.inFlightTarget))))"),
            PathDetailRow(
                "pool gets", .poolGets,
                "\(Units.count(UInt64(last(.poolGets) ?? 0)))/s · high water \(path.pool.highWater)"),
            PathDetailRow(
                "pool hits", .poolHitRate, hit.map { Units.percent($0, decimals: 2) } ?? "no gets",
                (hit ?? 1) < 0.99 ? .warn : .value, peak: 1),
            PathDetailRow(
                "violations", .orderingViolations,
                "\(Units.count(UInt64(last(.orderingViolations) ?? 0)))/s · total \(Units.count(path.orderingViolations))",
                path.orderingViolations > 0 ? .warn : .value),
            PathDetailRow(
                "hol caused", .headOfLine,
                "\(Units.milliseconds(last(.headOfLine) ?? 0))/s · total \(Units.milliseconds(hol * 1000))",
                (last(.headOfLine) ?? 0) > 0 ? .warn : .value),
        ]
    }
}
