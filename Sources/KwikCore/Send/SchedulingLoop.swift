import KwikSnapshot

extension SenderState {
    /// The scheduling loop: assigns every packet that may go now (re-injections first, then new ones
    /// within the peer's window) to a path. Returns a bit per path index that has new packets to write.
    mutating func assign(inFlightLimit: UInt64, now: UInt64) -> UInt64 {
        var wake: UInt64 = 0
        let anyActive = paths.contains { $0.state == .active }
        let sentAtMicros = now / 1000
        while true {
            let resendPosition = queue.nextResend()
            if resendPosition == nil {
                guard queue.nextSequence < queue.cumulative + window, source?.isExhausted == false else { break }
            }
            let eligible = eligiblePaths(inFlightLimit: inFlightLimit, anyActive: anyActive)
            guard let chosen = scheduler.pick(paths, eligible: eligible) else { break }

            let position: Int
            if let resendPosition {
                queue.resendTaken()
                position = resendPosition
                reinjections.sent(queue[position].sequence, at: now)
            } else {
                guard let payload = source?.next() else { break }
                position = queue.append(payload)
            }
            wake |= send(position, onPathAt: chosen, sentAt: sentAtMicros, primary: true)
            if scheduler.kind == .redundant {
                for index in paths.indices where index != chosen && eligible & (1 << UInt64(index)) != 0 {
                    wake |= send(position, onPathAt: index, sentAt: sentAtMicros, primary: false)
                    queue[position].copies |= UInt64(1) << UInt64(paths[index].id)
                }
            }
        }
        return wake
    }

    /// A bit per path index that may take a packet now: connected, writable, under its in-flight
    /// limit, and active (standby only while no path is active).
    private mutating func eligiblePaths(inFlightLimit: UInt64, anyActive: Bool) -> UInt64 {
        var eligible: UInt64 = 0
        for index in paths.indices {
            let path = paths[index]
            guard path.link != nil else { continue }
            guard path.writable, path.inFlightPackets < inFlightLimit else {
                paths[index].filledLimit = true
                continue
            }
            if anyActive ? path.state == .active : path.state == .standby {
                eligible |= 1 << UInt64(index)
            }
        }
        return eligible
    }

    private mutating func send(_ position: Int, onPathAt index: Int, sentAt: UInt64, primary: Bool) -> UInt64 {
        paths[index].sentPathSequence += 1
        let pathSequence = paths[index].sentPathSequence
        if primary {
            queue[position].pathID = paths[index].id
            queue[position].pathSequence = pathSequence
            queue[position].copies = 0
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
