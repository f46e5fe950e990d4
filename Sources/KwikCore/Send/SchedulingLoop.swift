import KwikSnapshot

extension SenderState {
    /// The scheduling loop: assigns every packet that may go now (re-injections first, then new ones
    /// within the peer's window) to a path. Returns a bit per path index that has new packets to write.
    mutating func assign(now: UInt64) -> UInt64 {
        let sentAt = now / 1000
        var wake: UInt64 = 0
        var windowFull = false
        if scheduler.kind == .redundant {
            windowFull = assignRedundant(sentAt: sentAt, wake: &wake, now: now)
        } else {
            wake |= copyOverdueHead(now: now, sentAt: sentAt)
            while true {
                let (eligible, usable) = eligiblePaths(now: now)
                guard eligible != 0 else { break }
                let resendPosition = queue.nextResend()
                if resendPosition == nil {
                    guard !hasNoNewPackets else { break }
                    guard windowRoom > 0 else {
                        windowFull = true
                        wake |= reinjectHead(eligible: eligible, now: now, sentAt: sentAt)
                        break
                    }
                    // Still being written (`PayloadStock`): the pump comes back once they are.
                    guard stock.count > 0 else { break }
                }
                let unwritten = min(source?.ready(now: now) ?? 0, 1 << 20)
                let waiting = min(windowRoom, UInt64(stock.count) + unwritten, 1 << 20)
                // A paced source ahead of its rate: nothing to place, and no scheduler turn spent on it.
                guard resendPosition != nil || waiting > 0 else { break }
                let backlog = Double(queue.resendCount + Int(waiting)) * Double(packetSize)
                guard
                    let chosen = scheduler.pick(
                        paths, eligible: eligible, usable: usable, backlogBytes: backlog,
                        windowCapBytes: Double(windowCap) * Double(packetSize))
                else { break }
                guard let position = nextPosition(resendPosition, now: now) else { break }
                wake |= send(position, onPathAt: chosen, sentAt: sentAt, primary: true)
            }
        }
        trackWindow(full: windowFull, now: now)
        return wake
    }

    /// Packets the peer's window still admits.
    var windowRoom: UInt64 {
        let end = queue.cumulative &+ window
        return end > queue.nextSequence ? end - queue.nextSequence : 0
    }

    /// The queue position of the packet to send next: a re-injection, or a new packet from the stock.
    private mutating func nextPosition(_ resendPosition: Int?, now: UInt64) -> Int? {
        if let resendPosition {
            queue.resendTaken()
            reinjections.sent(queue[resendPosition].sequence, at: now)
            return resendPosition
        }
        return stock.take().map { queue.append($0) }
    }

    /// `redundant`: every path carries a copy of every packet, each from where it stands (its cursor),
    /// so a slow path sends copies of what the fast ones have not had acknowledged yet. Returns whether
    /// the window stopped it.
    private mutating func assignRedundant(sentAt: UInt64, wake: inout UInt64, now: UInt64) -> Bool {
        var windowFull = false
        for index in paths.indices {
            while eligiblePaths(now: now).eligible & (1 << UInt64(index)) != 0 {
                if let resendPosition = queue.nextResend() {
                    guard let position = nextPosition(resendPosition, now: now) else { break }
                    wake |= send(position, onPathAt: index, sentAt: sentAt, primary: true)
                    // The path carries it now; what it skipped has a copy on another path.
                    paths[index].redundantCursor = max(paths[index].redundantCursor, queue[position].sequence + 1)
                    continue
                }
                let next = max(paths[index].redundantCursor, queue.cumulative)
                if next < queue.nextSequence, let first = queue.entries.first?.sequence {
                    let position = Int(next - first)
                    let primary = queue[position].pathID == 0
                    wake |= send(position, onPathAt: index, sentAt: sentAt, primary: primary)
                    if !primary { queue[position].copies |= UInt64(1) << UInt64(paths[index].id) }
                } else {
                    guard !hasNoNewPackets else { break }
                    guard windowRoom > 0 else {
                        windowFull = true
                        break
                    }
                    guard stock.count > 0 else { break }
                    guard let position = nextPosition(nil, now: now) else { break }
                    wake |= send(position, onPathAt: index, sentAt: sentAt, primary: true)
                }
                paths[index].redundantCursor = next + 1
            }
        }
        return windowFull
    }

    /// Opportunistic re-injection (Raiciu et al., NSDI 2012): the window is full and its head waits on a
    /// slower path, so a copy goes on the eligible path that delivers soonest, when it would arrive
    /// before the original; the slow path is penalised for holding up the stream.
    private mutating func reinjectHead(eligible: UInt64, now: UInt64, sentAt: UInt64) -> UInt64 {
        guard let head = queue.entries.first, head.copies == 0, head.pathID != 0,
            let slow = index(of: head.pathID),
            let expected = paths[slow].arrivalEstimate(queued: 0),
            let best = fastest(among: eligible, besides: slow)
        else { return 0 }
        // The original left at `head.sentAt` and needs about `expected` on its path.
        let originalArrival = Double(head.sentAt) + expected * 1000
        guard Double(now) + best.arrival * 1000 < originalArrival else { return 0 }
        paths[slow].opportunisticReinjections += 1
        paths[slow].model.penalize(now: now)
        queue[0].copies |= UInt64(1) << UInt64(paths[best.index].id)
        return send(0, onPathAt: best.index, sentAt: sentAt, primary: false)
    }

    /// The head of the stream is well past its arrival and its path has acknowledged nothing for as
    /// long (its link went silent, before its PINGs tell): every packet of that path that is as late
    /// gets a copy on the fastest other path, window full or not, since the receiver delivers nothing
    /// behind the head meanwhile. A path that is only slow keeps acknowledging, and is left alone.
    private mutating func copyOverdueHead(now: UInt64, sentAt: UInt64) -> UInt64 {
        guard let head = queue.entries.first, head.copies == 0, head.pathID != 0,
            let slow = index(of: head.pathID),
            let expected = paths[slow].arrivalEstimate(queued: 0)
        else { return 0 }
        // Its acknowledgement is due about half a round trip after it arrives: later than a whole one
        // (and the floor) is overdue.
        let grace = max(paths[slow].smoothedRTT ?? 0, Self.overdueFloor) * 1000
        let late = expected * 1000 + grace
        guard Double(now) > Double(head.sentAt) + late, Double(now) > Double(paths[slow].lastProgressNanos) + grace,
            let target = fastest(among: eligiblePaths(now: now).usable, besides: slow)?.index
        else { return 0 }
        let pathID = paths[slow].id
        let bit = UInt64(1) << UInt64(paths[target].id)
        let limit = max(paths[slow].inFlightPackets, 1)
        var copied: UInt64 = 0
        var wake: UInt64 = 0
        for position in queue.entries.indices where copied < limit {
            let entry = queue[position]
            guard entry.pathID == pathID, entry.copies == 0, Double(entry.sentAt) + late < Double(now) else {
                continue
            }
            queue[position].copies |= bit
            wake |= send(position, onPathAt: target, sentAt: sentAt, primary: false)
            copied += 1
        }
        paths[slow].opportunisticReinjections += copied
        paths[slow].model.penalize(now: now)
        return wake
    }

    /// Microseconds past its expected arrival before a head counts as overdue, however short the RTT.
    static let overdueFloor = 50_000.0

    /// The path among `candidates` (bits by index), `slow` aside, whose next packet would arrive first.
    private func fastest(among candidates: UInt64, besides slow: Int) -> (index: Int, arrival: Double)? {
        var best: (index: Int, arrival: Double)?
        for index in paths.indices where index != slow && candidates & (1 << UInt64(index)) != 0 {
            guard let arrival = paths[index].arrivalEstimate(queued: 0) else { continue }
            if best == nil || arrival < best!.arrival { best = (index, arrival) }
        }
        return best
    }

    /// A bit per path index that may take a packet now (connected, writable, under its in-flight
    /// target, and active, or standby while no path is active), and one per path carrying data, with
    /// room or not.
    /// Runs once per packet over every path, so it reads the paths in place: copying one retains its
    /// link, its pending frames and its model, which at 16 paths cost more than the scheduling itself.
    mutating func eligiblePaths(now: UInt64) -> (eligible: UInt64, usable: UInt64) {
        var anyActive = false
        for index in paths.indices where paths[index].state == .active {
            anyActive = true
            break
        }
        let carrying: PathState = anyActive ? .active : .standby
        var eligible: UInt64 = 0
        var usable: UInt64 = 0
        for index in paths.indices {
            guard paths[index].state == carrying, links[index] != nil else { continue }
            usable |= 1 << UInt64(index)
            guard paths[index].writable, paths[index].inFlightPackets < paths[index].model.target(now: now) else {
                paths[index].model.limitedDuringInterval = true
                continue
            }
            eligible |= 1 << UInt64(index)
        }
        return (eligible, usable)
    }

    private mutating func send(_ position: Int, onPathAt index: Int, sentAt: UInt64, primary: Bool) -> UInt64 {
        paths[index].sentPathSequence += 1
        let pathSequence = paths[index].sentPathSequence
        if primary {
            queue[position].pathID = paths[index].id
            queue[position].pathSequence = pathSequence
            queue[position].copies = 0
            queue[position].sentAt = sentAt * 1000
        }
        let entry = queue[position]
        sentBytes += UInt64(entry.payload.readableBytes)
        let header = DataHeader(globalSequence: entry.sequence, pathSequence: pathSequence, sentAt: sentAt)
        paths[index].pending.append(DataFrame(header: header, payload: entry.payload))
        guard !paths[index].drainScheduled else { return 0 }
        paths[index].drainScheduled = true
        return UInt64(1) << UInt64(index)
    }
}
