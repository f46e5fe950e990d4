import KwikSnapshot

/// Every figure of the selected path as labelled lines: its state and counters, then the sending model
/// of each direction the workload carries data in (this end's sender for what it sends, the peer's for
/// what it receives).
enum PathDetailFigures {
    enum Line: Equatable {
        case section(String)
        case field(String, String, StyleRole)
    }

    static let labelWidth = 15

    /// Draws `lines` from the top of `rect`, as many as fit; returns the rows used.
    @discardableResult
    static func draw(_ lines: [Line], in rect: Rect, on canvas: inout Canvas) -> Int {
        for (row, line) in lines.prefix(max(0, rect.height)).enumerated() {
            let y = rect.y + row
            switch line {
            case .section(let title):
                canvas.text(title, x: rect.x, y: y, width: rect.width, role: .accent)
            case .field(let label, let value, let role):
                canvas.text(label, x: rect.x, y: y, width: labelWidth, role: .label)
                let x = rect.x + 1 + labelWidth
                canvas.text(value, x: x, y: y, width: rect.maxX - x, role: role)
            }
        }
        return min(lines.count, max(0, rect.height))
    }

    /// The remote end, and the local one with its interface once connected.
    static func endpoint(_ path: PathSnapshot) -> String {
        guard let binding = path.binding else { return path.endpoint }
        return "\(path.endpoint) from \(binding.local)" + (binding.interface.map { " on \($0)" } ?? "")
    }

    static func lines(_ path: PathSnapshot, _ snapshot: SessionSnapshot, _ state: DashboardState) -> [Line] {
        let rates = state.rates[path: path.id]
        let pool = path.pool
        var lines: [Line] = [
            .field("state", path.state.rawValue + (path.isBlackholed ? " (black-holed)" : ""), path.state.role),
            .field("endpoint", endpoint(path), .plain),
            .field(
                "rates",
                "rx \(Units.rate(rates.rxBps)) · tx \(Units.rate(rates.txBps)) · share \(Units.percent(rates.deliveredShare))",
                .value),
            .field(
                "bytes",
                "rx \(Units.bytes(path.rxBytes)) · tx \(Units.bytes(path.txBytes)) · delivered \(Units.bytes(path.deliveredBytes))",
                .value),
            .field("rtt (ping)", rtt(path.rtt), .value),
        ]
        if let reconnect = path.reconnect { lines.insert(.field("reconnect", reconnect.summary, .warn), at: 2) }
        for direction in snapshot.dataDirections {
            lines += sending(direction, snapshot.sendingModel(direction, path: path.id), path: path)
        }
        lines += [
            .section("this path"),
            .field(
                "re-injected",
                "failover: this end \(Units.count(path.reinjectedPackets)) packets (\(Units.bytes(path.reinjectedBytes))) · "
                    + "peer \(Units.count(path.peerReinjectedPackets)) (\(Units.bytes(path.peerReinjectedBytes)))",
                .value
            ),
            .field(
                "received",
                "duplicates \(Units.count(path.duplicates)) · ordering violations \(Units.count(path.orderingViolations))",
                path.orderingViolations > 0 ? .warn : .value),
            .field(
                "pool",
                "gets \(Units.count(pool.gets)) · hits \(Units.count(pool.hits)) · misses \(Units.count(pool.misses)) · "
                    + "hit \(Units.percent(pool.hitRate, decimals: 2))", pool.hitRate < 0.99 ? .warn : .value),
            .field(
                "pool buffers",
                "returned \(Units.count(pool.returns)) · dropped \(Units.count(pool.dropped)) · out \(pool.outstanding) · "
                    + "high \(pool.highWater)", .value),
            .field(
                "liveness",
                "flaps \(Units.count(path.flaps)) · last rx "
                    + (path.lastReceiveAge.map { Units.microseconds($0 * 1e6) + " ago" } ?? Units.unknown), .value),
        ]
        return lines
    }

    private static func rtt(_ rtt: RTTSummary?) -> String {
        guard let rtt else { return Units.unknown }
        return "srtt \(Units.microseconds(rtt.smoothed)) · min \(Units.microseconds(rtt.min)) · "
            + "p50 \(Units.microseconds(rtt.p50)) · p99 \(Units.microseconds(rtt.p99))"
    }

    /// One direction's sending model. Only this end's sender knows what is in flight now.
    private static func sending(_ direction: DataDirection, _ model: SendingModel?, path: PathSnapshot) -> [Line] {
        let title =
            direction == .send
            ? "sending model · data sent (this end's sender)"
            : "sending model · data received (peer's sender)"
        guard let model else { return [.section(title), .field("", "not reported yet", .dim)] }
        let now = direction == .send ? Units.bytes(path.bytesInFlight) : Units.unknown
        return [
            .section(title),
            .field("in flight", "\(now) now · target \(Units.target(model))", .value),
            .field("delivery rate", Units.deliveryRate(model), .value),
            .field(
                "model rtt",
                "min \(Units.microseconds(model.minRTT)) · srtt \(Units.microseconds(model.smoothedRTT)) · "
                    + "queueing \(Units.microseconds(model.queueingDelay))", .value),
            .field(
                "hol caused",
                "\(Units.microseconds(model.headOfLineSeconds * 1e6)) · opportunistic re-injections "
                    + Units.count(model.opportunisticReinjections), .value),
        ]
    }
}
