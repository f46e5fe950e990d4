/// The `ecf` rule (after ECF, Lim et al. 2017, and BLEST): a packet goes to the path that would deliver
/// it soonest. When the fastest paths are full, a slower path with room takes the packet only if it
/// would still arrive before the faster ones could deliver the whole backlog; otherwise waiting for
/// them finishes sooner, and the packet would only hold up the head of the stream on the slow path.
/// Nor does it when the faster paths would fill the largest window before its acknowledgement returns
/// (BLEST's check): the whole session would then wait on it.
enum EarliestCompletion {
    /// `backlogBytes`: what waits to be sent; `windowCapBytes`: the most ever in flight (0: no cap).
    static func pick<P: SchedulablePath>(
        _ paths: [P], eligible: UInt64, usable: UInt64, backlogBytes: Double, windowCapBytes: Double = 0
    ) -> Int? {
        func has(_ mask: UInt64, _ index: Int) -> Bool { mask & (1 << UInt64(index)) != 0 }
        var best: (index: Int, arrival: Double)?
        var unmeasured: Int?
        for index in paths.indices where has(eligible, index) {
            guard let arrival = paths[index].arrivalEstimate(queued: 0) else {
                if unmeasured == nil { unmeasured = index }
                continue
            }
            if best == nil || arrival < best!.arrival { best = (index, arrival) }
        }
        // A path without a sample yet gets packets only while the measured ones are full: it will
        // not hold many (its initial target) and its RTT comes with the first answers.
        guard let best else { return unmeasured }
        // The full paths that would deliver a packet sooner, and the rate they drain the backlog at.
        var fasterArrival = Double.infinity
        var fasterRate = 0.0
        for index in paths.indices where has(usable, index) && !has(eligible, index) {
            guard let arrival = paths[index].arrivalEstimate(queued: 0), arrival < best.arrival else { continue }
            fasterArrival = min(fasterArrival, arrival)
            fasterRate += paths[index].deliveryRate
        }
        guard fasterArrival.isFinite, fasterRate > 0 else { return best.index }
        let slow = paths[best.index]
        if windowCapBytes > 0, let rtt = slow.smoothedRTT {
            let sentMeanwhile = fasterRate * rtt / 1e6
            if sentMeanwhile + slow.inFlightBytes > windowCapBytes { return nil }
        }
        let drain = backlogBytes / fasterRate * 1e6
        return best.arrival < fasterArrival + drain ? best.index : nil
    }
}
