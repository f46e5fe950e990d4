import NIOCore

/// Whether a path is heard from and makes progress: one PING at a time at the heartbeat, an RTT sample
/// from each PONG, stale after a silence longer than the stale rule allows, live again after answered
/// PINGs sent since (not after a single stray byte), and given up when nothing was heard, or nothing
/// could be written, for the progress timeout. Times come from the caller (a fake clock in tests); the
/// path's handler carries out what it returns.
struct PathLiveness {
    enum State: Equatable {
        case live
        /// Declared stale at `since`; `answers` PINGs sent after that were answered.
        case stale(since: NIODeadline, answers: Int)
    }

    enum Action: Equatable {
        case ping(Heartbeat)
        case rttSample(microseconds: Double)
        case wentStale(silentFor: TimeAmount)
        case heardAgain
        /// The path is to be closed: its peer neither answers nor reads.
        case noProgress(String)
    }

    private let rule: StaleRule
    private let progressTimeout: TimeAmount
    private(set) var state = State.live
    /// Times the path went stale and recovered on this connection.
    private(set) var flaps: UInt64 = 0
    private var lastHeard: NIODeadline
    /// When the path was heard after an outage: PINGs sent before measure the outage, not the path.
    private var heardAgainAt = NIODeadline.uptimeNanoseconds(0)
    /// The PING waiting for its PONG: never more than one, so a peer that stops reading does not make
    /// them pile up in the outbound buffer.
    private var outstandingPing: UInt64?
    private var unwritableSince: NIODeadline?

    init(rule: StaleRule, progressTimeout: TimeAmount, now: NIODeadline) {
        self.rule = rule
        self.progressTimeout = progressTimeout
        self.lastHeard = now
    }

    /// Answered PINGs a stale path needs to be live again; more for a path that flapped before, so a
    /// flapping path re-injects its window less often.
    var answersToRecover: Int { 2 * (1 + Int(min(flaps, 3))) }

    /// Something arrived. A silence above the stale rule's floor counts as an outage, declared stale or not.
    mutating func heard(at now: NIODeadline) {
        if now - lastHeard > rule.floor { heardAgainAt = now }
        lastHeard = now
    }

    mutating func writabilityChanged(_ writable: Bool, at now: NIODeadline) {
        if writable {
            unwritableSince = nil
        } else if unwritableSince == nil {
            unwritableSince = now
        }
    }

    /// Only the PONG of the outstanding PING counts. While stale, each answer to a PING sent since the
    /// path went stale counts towards recovery, and the next PING goes at once.
    /// - Parameter isCurrent: whether the connection is still the current one of its path id (only
    ///   that one may recover the path).
    mutating func pong(_ beat: Heartbeat, at now: NIODeadline, isCurrent: @autoclosure () -> Bool) -> [Action] {
        let sent = beat.timestamp
        guard sent == outstandingPing else { return [] }
        outstandingPing = nil
        var actions: [Action] = []
        if sent <= now.uptimeNanoseconds, sent >= heardAgainAt.uptimeNanoseconds {
            actions.append(.rttSample(microseconds: Double(now.uptimeNanoseconds - sent) / 1000))
        }
        guard case .stale(let since, let answers) = state, sent >= since.uptimeNanoseconds, isCurrent() else {
            return actions
        }
        if answers + 1 >= answersToRecover {
            state = .live
            flaps += 1
            actions.append(.heardAgain)
        } else {
            state = .stale(since: since, answers: answers + 1)
            actions.append(ping(at: now))
        }
        return actions
    }

    /// The heartbeat is due: the path may be given up, go stale, and gets a PING if none is outstanding.
    /// (A PING queued behind DATA is what lets the RTT include the path's queue, so writability does
    /// not hold it back; one at a time bounds it.)
    /// - Parameter rtt: the path's smoothed RTT and variance in microseconds, nil before a sample.
    mutating func tick(at now: NIODeadline, rtt: (smoothed: Double, variance: Double)?) -> [Action] {
        let silence = now - lastHeard
        if silence > progressTimeout {
            return [.noProgress("nothing heard for \(Self.seconds(silence))")]
        }
        if let since = unwritableSince, now - since > progressTimeout {
            return [.noProgress("the peer read nothing for \(Self.seconds(now - since))")]
        }
        var actions: [Action] = []
        if silence > rule.timeout(rtt: rtt) {
            switch state {
            case .live:
                state = .stale(since: now, answers: 0)
                // The PING still outstanding went before the outage: a fresh one tells when it ends.
                outstandingPing = nil
                actions.append(.wentStale(silentFor: silence))
            case .stale(let since, _):
                // Silent again: the answers so far are no longer evidence.
                state = .stale(since: since, answers: 0)
            }
        }
        if outstandingPing == nil { actions.insert(ping(at: now), at: 0) }
        return actions
    }

    private mutating func ping(at now: NIODeadline) -> Action {
        outstandingPing = now.uptimeNanoseconds
        return .ping(Heartbeat(timestamp: now.uptimeNanoseconds))
    }

    private static func seconds(_ amount: TimeAmount) -> String {
        let tenths = amount.nanoseconds / 100_000_000
        return "\(tenths / 10).\(tenths % 10) s"
    }
}
