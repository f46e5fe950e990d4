@testable import KwikCore
import NIOCore
import Testing

/// A path's liveness as a pure value, on a fake clock.
@Suite struct PathLivenessTests {
    static let start = NIODeadline.uptimeNanoseconds(1_000_000_000)
    static let rule = StaleRule(floor: .milliseconds(300))

    static func at(_ milliseconds: Int64) -> NIODeadline { start + .milliseconds(milliseconds) }

    static func beat(_ milliseconds: Int64) -> Heartbeat { Heartbeat(timestamp: at(milliseconds).uptimeNanoseconds) }

    static func ping(_ milliseconds: Int64) -> PathLiveness.Action { .ping(beat(milliseconds)) }

    static func liveness(rule: StaleRule = Self.rule) -> PathLiveness {
        PathLiveness(rule: rule, progressTimeout: .seconds(10), now: start)
    }

    @Test func onePingAtATime() {
        var liveness = Self.liveness()
        #expect(liveness.tick(at: Self.at(100), rtt: nil) == [Self.ping(100)])
        #expect(liveness.tick(at: Self.at(200), rtt: nil) == [], "the first one is not answered yet")
        liveness.heard(at: Self.at(210))
        #expect(liveness.pong(Self.beat(100), at: Self.at(210), isCurrent: true) == [.rttSample(microseconds: 110_000)])
        #expect(liveness.tick(at: Self.at(300), rtt: nil) == [Self.ping(300)])
        #expect(liveness.state == .live)
    }

    @Test func silenceBeyondTheFloorGoesStaleOnce() {
        var liveness = Self.liveness()
        liveness.heard(at: Self.at(100))
        #expect(liveness.tick(at: Self.at(400), rtt: nil) == [Self.ping(400)], "300 ms is not beyond the floor")
        let stale = PathLiveness.Action.wentStale(silentFor: .milliseconds(301))
        // The PING sent before the outage no longer counts: a fresh one goes with the verdict.
        #expect(liveness.tick(at: Self.at(401), rtt: nil) == [Self.ping(401), stale])
        #expect(liveness.state == .stale(since: Self.at(401), answers: 0))
        #expect(liveness.tick(at: Self.at(900), rtt: nil) == [])
    }

    @Test func theTimeoutFollowsTheRTT() {
        var liveness = Self.liveness()
        // 3 × 200 ms + 4 × 50 ms = 800 ms, above the floor.
        let rtt = (smoothed: 200_000.0, variance: 50_000.0)
        #expect(liveness.tick(at: Self.at(800), rtt: rtt) == [Self.ping(800)])
        #expect(liveness.tick(at: Self.at(801), rtt: rtt).contains(.wentStale(silentFor: .milliseconds(801))))
    }

    @Test func aFixedTimeoutWins() {
        var liveness = Self.liveness(rule: StaleRule(fixed: .seconds(2)))
        #expect(liveness.tick(at: Self.at(1_500), rtt: nil) == [Self.ping(1_500)])
        #expect(liveness.tick(at: Self.at(2_001), rtt: nil).count == 2)
    }

    /// A single byte after an outage is no evidence: answered PINGs sent since the path went stale are,
    /// and each answer sends the next PING at once.
    @Test func aStalePathRecoversAfterAnsweredPings() {
        var liveness = Self.liveness()
        _ = liveness.tick(at: Self.at(500), rtt: nil)
        liveness.heard(at: Self.at(600))
        #expect(liveness.state == .stale(since: Self.at(500), answers: 0), "heard is not recovered")
        #expect(liveness.pong(Self.beat(500), at: Self.at(610), isCurrent: true) == [Self.ping(610)])
        #expect(
            liveness.pong(Self.beat(610), at: Self.at(620), isCurrent: true) == [
                .rttSample(microseconds: 10_000), .heardAgain,
            ])
        #expect(liveness.state == .live)
        #expect(liveness.flaps == 1)
        #expect(liveness.answersToRecover == 4, "the next recovery needs more evidence")
    }

    @Test func aReplacedConnectionDoesNotRecoverThePath() {
        var liveness = Self.liveness()
        _ = liveness.tick(at: Self.at(500), rtt: nil)
        #expect(
            liveness.pong(Self.beat(500), at: Self.at(610), isCurrent: false) == [.rttSample(microseconds: 110_000)])
        #expect(liveness.state == .stale(since: Self.at(500), answers: 0))
    }

    @Test func silenceDuringRecoveryStartsItAgain() {
        var liveness = Self.liveness()
        _ = liveness.tick(at: Self.at(500), rtt: nil)
        _ = liveness.pong(Self.beat(500), at: Self.at(510), isCurrent: true)
        liveness.heard(at: Self.at(510))
        #expect(liveness.state == .stale(since: Self.at(500), answers: 1))
        _ = liveness.tick(at: Self.at(900), rtt: nil)
        #expect(liveness.state == .stale(since: Self.at(500), answers: 0))
    }

    @Test func onlyThePongOfTheOutstandingPingCounts() {
        var liveness = Self.liveness()
        _ = liveness.tick(at: Self.at(10), rtt: nil)
        #expect(liveness.pong(Self.beat(5), at: Self.at(35), isCurrent: true) == [], "never sent")
        #expect(liveness.pong(Self.beat(10), at: Self.at(35), isCurrent: true) == [.rttSample(microseconds: 25_000)])
        #expect(liveness.pong(Self.beat(10), at: Self.at(40), isCurrent: true) == [], "answered already")
    }

    @Test func pongsOfPingsSentBeforeAnOutageAreNoSample() {
        var liveness = Self.liveness()
        _ = liveness.tick(at: Self.at(100), rtt: nil)
        // Silent for 900 ms: an outage, whether declared stale or not.
        liveness.heard(at: Self.at(900))
        #expect(liveness.pong(Self.beat(100), at: Self.at(901), isCurrent: true) == [])
        _ = liveness.tick(at: Self.at(950), rtt: nil)
        #expect(liveness.pong(Self.beat(950), at: Self.at(960), isCurrent: true) == [.rttSample(microseconds: 10_000)])
    }

    @Test func aShortSilenceIsNoOutage() {
        var liveness = Self.liveness()
        _ = liveness.tick(at: Self.at(100), rtt: nil)
        liveness.heard(at: Self.at(250))
        #expect(liveness.pong(Self.beat(100), at: Self.at(260), isCurrent: true) == [.rttSample(microseconds: 160_000)])
    }

    @Test func aPathSilentForTheProgressTimeoutIsGivenUp() {
        var liveness = Self.liveness()
        #expect(
            !liveness.tick(at: Self.at(10_000), rtt: nil).contains { if case .noProgress = $0 { true } else { false } })
        #expect(liveness.tick(at: Self.at(10_001), rtt: nil) == [.noProgress("nothing heard for 10.0 s")])
    }

    @Test func aPeerThatReadsNothingForTheProgressTimeoutIsGivenUp() {
        var liveness = Self.liveness()
        liveness.writabilityChanged(false, at: Self.at(1_000))
        liveness.heard(at: Self.at(11_000))
        #expect(liveness.tick(at: Self.at(11_001), rtt: nil) == [.noProgress("the peer read nothing for 10.0 s")])
        var recovered = Self.liveness()
        recovered.writabilityChanged(false, at: Self.at(1_000))
        recovered.writabilityChanged(true, at: Self.at(5_000))
        recovered.heard(at: Self.at(11_000))
        #expect(recovered.tick(at: Self.at(11_001), rtt: nil) == [Self.ping(11_001)])
    }
}
