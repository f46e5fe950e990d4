@testable import KwikCore
import NIOCore
import Testing

/// A path's liveness as a pure value, on a fake clock.
@Suite struct PathLivenessTests {
    static let start = NIODeadline.uptimeNanoseconds(1_000_000_000)
    static let rule = StaleRule(floor: .milliseconds(300))

    static func at(_ milliseconds: Int64) -> NIODeadline { start + .milliseconds(milliseconds) }

    static func ping(_ milliseconds: Int64) -> PathLiveness.Action {
        .ping(Heartbeat(timestamp: at(milliseconds).uptimeNanoseconds))
    }

    @Test func everyTickPings() {
        var liveness = PathLiveness(rule: Self.rule, now: Self.start)
        #expect(liveness.tick(at: Self.at(100), rtt: nil) == [Self.ping(100)])
        #expect(liveness.tick(at: Self.at(200), rtt: nil) == [Self.ping(200)])
        #expect(liveness.state == .live)
    }

    @Test func silenceBeyondTheFloorGoesStaleOnce() {
        var liveness = PathLiveness(rule: Self.rule, now: Self.start)
        liveness.heard(at: Self.at(100))
        #expect(liveness.tick(at: Self.at(400), rtt: nil) == [Self.ping(400)], "300 ms is not beyond the floor")
        let stale = PathLiveness.Action.wentStale(silentFor: .milliseconds(301))
        #expect(liveness.tick(at: Self.at(401), rtt: nil) == [Self.ping(401), stale])
        #expect(liveness.state == .stale)
        #expect(liveness.tick(at: Self.at(900), rtt: nil) == [Self.ping(900)])
    }

    @Test func theTimeoutFollowsTheRTT() {
        var liveness = PathLiveness(rule: Self.rule, now: Self.start)
        // 3 × 200 ms + 4 × 50 ms = 800 ms, above the floor.
        let rtt = (smoothed: 200_000.0, variance: 50_000.0)
        #expect(liveness.tick(at: Self.at(800), rtt: rtt) == [Self.ping(800)])
        #expect(liveness.tick(at: Self.at(801), rtt: rtt).contains(.wentStale(silentFor: .milliseconds(801))))
    }

    @Test func aFixedTimeoutWins() {
        var liveness = PathLiveness(rule: StaleRule(fixed: .seconds(2)), now: Self.start)
        #expect(liveness.tick(at: Self.at(1_500), rtt: nil) == [Self.ping(1_500)])
        #expect(liveness.tick(at: Self.at(2_001), rtt: nil).count == 2)
    }

    @Test func aStalePathRecoversAtTheNextReadOfItsCurrentConnection() {
        var liveness = PathLiveness(rule: Self.rule, now: Self.start)
        _ = liveness.tick(at: Self.at(500), rtt: nil)
        #expect(liveness.readComplete(at: Self.at(600), isCurrent: false) == nil, "a replaced connection stays stale")
        #expect(liveness.state == .stale)
        #expect(liveness.readComplete(at: Self.at(700), isCurrent: true) == .heardAgain)
        #expect(liveness.state == .live)
        #expect(liveness.readComplete(at: Self.at(800), isCurrent: true) == nil)
    }

    @Test func aLivePathDoesNotAskWhetherItIsCurrent() {
        var liveness = PathLiveness(rule: Self.rule, now: Self.start)
        var asked = false
        let action = liveness.readComplete(
            at: Self.at(10),
            isCurrent: {
                asked = true
                return true
            }())
        #expect(action == nil)
        #expect(!asked)
    }

    @Test func aPongIsAnRTTSampleInMicroseconds() {
        let liveness = PathLiveness(rule: Self.rule, now: Self.start)
        let beat = Heartbeat(timestamp: Self.at(10).uptimeNanoseconds)
        #expect(liveness.pong(beat, at: Self.at(35)) == .rttSample(microseconds: 25_000))
        let future = Heartbeat(timestamp: Self.at(50).uptimeNanoseconds)
        #expect(liveness.pong(future, at: Self.at(35)) == nil)
    }

    @Test func pongsOfPingsSentBeforeAnOutageAreIgnored() {
        var liveness = PathLiveness(rule: Self.rule, now: Self.start)
        let before = Heartbeat(timestamp: Self.at(100).uptimeNanoseconds)
        // Silent for 900 ms: an outage, whether declared stale or not.
        liveness.heard(at: Self.at(900))
        #expect(liveness.pong(before, at: Self.at(901)) == nil)
        let after = Heartbeat(timestamp: Self.at(950).uptimeNanoseconds)
        #expect(liveness.pong(after, at: Self.at(960)) == .rttSample(microseconds: 10_000))
    }

    @Test func aShortSilenceIsNoOutage() {
        var liveness = PathLiveness(rule: Self.rule, now: Self.start)
        let beat = Heartbeat(timestamp: Self.at(100).uptimeNanoseconds)
        liveness.heard(at: Self.at(250))
        #expect(liveness.pong(beat, at: Self.at(260)) == .rttSample(microseconds: 160_000))
    }
}
