import NIOCore

/// Whether a path is heard from: a PING at every heartbeat, an RTT sample from each PONG, stale after a
/// silence longer than the stale rule allows, recovered when a read completes again. Times come from the
/// caller (a fake clock in tests); the path's handler carries out what it returns.
struct PathLiveness {
    enum State: Equatable {
        case live
        /// Declared stale; recovers at the next completed read.
        case stale
    }

    enum Action: Equatable {
        case ping(Heartbeat)
        case rttSample(microseconds: Double)
        case wentStale(silentFor: TimeAmount)
        case heardAgain
    }

    private let rule: StaleRule
    private(set) var state = State.live
    private var lastHeard: NIODeadline
    /// When the path was heard after an outage: PINGs sent before measure the outage, not the path.
    private var heardAgainAt = NIODeadline.uptimeNanoseconds(0)

    init(rule: StaleRule, now: NIODeadline) {
        self.rule = rule
        self.lastHeard = now
    }

    /// Something arrived. A silence above the stale rule's floor counts as an outage, declared stale or not.
    mutating func heard(at now: NIODeadline) {
        if now - lastHeard > rule.floor { heardAgainAt = now }
        lastHeard = now
    }

    /// A read completed: the path is heard, and recovers if stale while still the connection of its path id.
    mutating func readComplete(at now: NIODeadline, isCurrent: @autoclosure () -> Bool) -> Action? {
        heard(at: now)
        guard state == .stale, isCurrent() else { return nil }
        state = .live
        return .heardAgain
    }

    func pong(_ beat: Heartbeat, at now: NIODeadline) -> Action? {
        let sent = beat.timestamp
        guard sent <= now.uptimeNanoseconds, sent >= heardAgainAt.uptimeNanoseconds else { return nil }
        return .rttSample(microseconds: Double(now.uptimeNanoseconds - sent) / 1000)
    }

    /// The heartbeat is due: a PING, and a path silent beyond its stale timeout goes stale.
    /// - Parameter rtt: the path's smoothed RTT and variance in microseconds, nil before a sample.
    mutating func tick(at now: NIODeadline, rtt: (smoothed: Double, variance: Double)?) -> [Action] {
        let ping = Action.ping(Heartbeat(timestamp: now.uptimeNanoseconds))
        let silence = now - lastHeard
        guard state == .live, silence > rule.timeout(rtt: rtt) else { return [ping] }
        state = .stale
        return [ping, .wentStale(silentFor: silence)]
    }
}
