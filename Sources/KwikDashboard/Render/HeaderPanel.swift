import KwikSnapshot

/// Session identity and totals: a boxed two-line panel, or one plain line on short terminals.
enum HeaderPanel {
    static func draw(_ state: DashboardState, layout: Layout, on canvas: inout Canvas) {
        let rect = layout.header
        guard let snapshot = state.snapshot else {
            let waiting = "kwiktop · waiting for the first snapshot"
            canvas.text(waiting, x: rect.x + 1, y: rect.y, width: rect.width - 2, role: .dim)
            return
        }
        if !layout.isHeaderBoxed {
            drawLine(snapshot, state, rect: rect, on: &canvas)
            return
        }
        let title = "kwiktop · session \(snapshot.sessionID) (\(snapshot.role.rawValue))"
        canvas.box(rect, role: .headerBox, title: title)
        var marks = "up \(Units.uptime(snapshot.uptime))"
        if state.isReadOnly { marks = "read-only · " + marks }
        let right = " \(marks) "
        canvas.writeRightAligned(right, endX: rect.maxX - 2, y: rect.y, role: .title)
        if state.isPaused {
            canvas.writeRightAligned(
                " PAUSED ", endX: rect.maxX - 2 - right.unicodeScalars.count, y: rect.y, role: .warn)
        }

        let startX = rect.x + 2, endX = rect.maxX - 2
        var first = LineWriter(x: startX, y: rect.y + 1, endX: endX)
        first.append(&canvas, [(snapshot.state.rawValue, snapshot.state.role)], startX: startX)
        let atPeer = state.showsPeerDelivery ? " at peer" : ""
        first.append(&canvas, [("goodput\(atPeer) ", .label), (Units.rate(state.goodputBps), .value)], startX: startX)
        first.append(&canvas, [("delivered ", .label), (Units.bytes(state.deliveredBytes), .value)], startX: startX)
        first.append(
            &canvas, [("reorder ", .label), ("\(snapshot.reorderDepth)/\(snapshot.reorderHighWater)", .value)],
            startX: startX)
        first.append(
            &canvas,
            [("corrupt ", .label), (Units.bytes(state.corruptBytes), state.corruptBytes > 0 ? .bad : .value)],
            startX: startX)
        first.append(&canvas, [("verified ", .label), (Units.bytes(state.verifiedBytes), .value)], startX: startX)

        var second = LineWriter(x: startX, y: rect.y + 2, endX: endX)
        if let reason = snapshot.failureReason {
            second.append(&canvas, [("failed: ", .bad), (reason, .bad)], startX: startX)
        }
        second.append(&canvas, [("sched ", .label), (snapshot.scheduler.rawValue, .accent)], startX: startX)
        if let rate = snapshot.workload.rateBps {
            second.append(&canvas, [("paced ", .label), (Units.rate(rate), .value)], startX: startX)
        }
        second.append(&canvas, [("wire ", .label), encryption(snapshot.encryption)], startX: startX)
        second.append(&canvas, receiveWindow(snapshot), startX: startX)
        second.append(&canvas, windowLimited(snapshot), startX: startX)
        second.append(&canvas, [("window ", .label), (seconds(state.averagingWindow), .value)], startX: startX)
        second.append(&canvas, [("refresh ", .label), ("\(state.refreshHz) Hz", .value)], startX: startX)
        let endpoints = snapshot.paths.map(\.endpoint)
        if !endpoints.isEmpty {
            let label = "endpoints "
            let room = endX - second.x - 2 - label.count
            if room >= 8 {
                second.x += second.x > startX ? 2 : 0
                second.x += canvas.write(label, x: second.x, y: second.y, role: .label)
                canvas.text(endpoints.joined(separator: ", "), x: second.x, y: second.y, width: room, role: .value)
            }
        }
    }

    /// This end's receive window: advertised now / the most it may grow to.
    private static func receiveWindow(_ snapshot: SessionSnapshot) -> [(String, StyleRole)] {
        let window = snapshot.receiveWindow
        guard window.budgetPackets > 0 else { return [("rwnd ", .label), (Units.unknown, .value)] }
        let now = Units.bytes(snapshot.bytes(packets: window.advertisedPackets))
        return [("rwnd ", .label), ("\(now)/\(Units.bytes(snapshot.bytes(packets: window.budgetPackets)))", .value)]
    }

    /// How long the receiver's window held back the sender of each direction that carries data
    /// (the peer's sender for what this end receives).
    private static func windowLimited(_ snapshot: SessionSnapshot) -> [(String, StyleRole)] {
        let directions = snapshot.dataDirections
        var segments: [(String, StyleRole)] = [("win-limited", .label)]
        for direction in directions {
            let seconds = direction == .send ? snapshot.windowLimitedSeconds : snapshot.peer?.windowLimitedSeconds
            if directions.count > 1 { segments.append((" \(direction.rawValue)", .label)) }
            segments.append((" " + Units.microseconds(seconds.map { $0 * 1e6 }), .value))
        }
        return segments
    }

    /// Unverified TLS is flagged: it looks encrypted but an impostor could be at the other end.
    private static func encryption(_ encryption: Encryption) -> (String, StyleRole) {
        switch encryption {
        case .plaintext: ("plaintext", .value)
        case .tls: ("TLS", .good)
        case .tlsUnverified: ("TLS unverified", .warn)
        }
    }

    private static func seconds(_ value: Double) -> String {
        "\(Units.fixed(value, decimals: value == value.rounded() ? 0 : 1))s"
    }

    private static func drawLine(
        _ snapshot: SessionSnapshot, _ state: DashboardState, rect: Rect, on canvas: inout Canvas
    ) {
        let startX = rect.x
        var line = LineWriter(x: startX, y: rect.y, endX: rect.maxX)
        // The figures first: on a narrow terminal the session's full id would push goodput off the line.
        line.append(&canvas, [("kwiktop ", .title), (String(snapshot.sessionID.prefix(8)), .title)], startX: startX)
        line.append(&canvas, [(snapshot.state.rawValue, snapshot.state.role)], startX: startX)
        if state.isPaused { line.append(&canvas, [("PAUSED", .warn)], startX: startX) }
        line.append(&canvas, [(Units.rate(state.goodputBps), .value)], startX: startX)
        line.append(&canvas, [(snapshot.scheduler.rawValue, .accent)], startX: startX)
        line.append(&canvas, [("up ", .label), (Units.uptime(snapshot.uptime), .value)], startX: startX)
        line.append(
            &canvas, [("reorder ", .label), ("\(snapshot.reorderDepth)/\(snapshot.reorderHighWater)", .value)],
            startX: startX)
        line.append(&canvas, [(Units.bytes(state.deliveredBytes), .value)], startX: startX)
    }
}
