import KwikSnapshot
import Testing

struct PathTimelineTests {
    /// One path at `time` that has received `rate` bit/s since the start, with the given extras.
    func snapshot(
        at time: Double, rate: Double = 8_000_000, gets: UInt64 = 0, hits: UInt64 = 0, violations: UInt64 = 0,
        rtt: Double? = 1_000, reconnect: ReconnectStatus? = nil
    ) -> SessionSnapshot {
        let path = PathSnapshot(
            id: 1, endpoint: "p1", state: reconnect == nil ? .active : .reconnecting, rxBytes: UInt64(rate * time / 8),
            rtt: rtt.map { RTTSummary(smoothed: $0, variance: 0, min: $0, max: $0, p50: $0, p99: $0, samples: 1) },
            pool: PoolCounters(
                gets: gets, hits: hits, misses: gets - hits, returns: gets, outstanding: 0, highWater: 4),
            orderingViolations: violations, reconnect: reconnect)
        return SessionSnapshot(
            sessionID: "s", role: .client, state: .running, uptime: time, scheduler: .ecf,
            workload: .init(direction: .download, totalBytes: nil, packetSize: 1000), deliveredBytes: 0,
            verifiedBytes: 0, corruptBytes: 0, sentBytes: 0, reorderDepth: 0, reorderHighWater: 0,
            headOfLineStallSeconds: 0, deliveryOrderViolations: 0, duplicatesDropped: 0, reorderEvents: 0,
            paths: [path], failovers: [])
    }

    func values(_ timeline: PathTimeline, _ series: PathTimeline.Series) -> [Double?] {
        timeline.series(series, path: 1)?.values ?? []
    }

    /// Ten seconds at 1 Hz and at 16 Hz: the same samples, so the graph covers the same time.
    @Test func theTimeAxisDoesNotDependOnTheRefreshRate() {
        var slow = PathTimeline(step: 0.25, capacity: 64)
        var fast = PathTimeline(step: 0.25, capacity: 64)
        for second in 0...10 { slow.record(snapshot(at: Double(second))) }
        for frame in 0...160 { fast.record(snapshot(at: Double(frame) / 16)) }
        #expect(slow.sampleCount == 40)
        #expect(fast.sampleCount == 40)
        #expect(values(slow, .rx).allSatisfy { $0 == 8_000_000 })
        #expect(values(fast, .rx).allSatisfy { abs(($0 ?? 0) - 8_000_000) < 1 })
        #expect(slow.span == 16)
    }

    @Test func ratesAndFractionsComeFromTheCountersOverEachStep() {
        var timeline = PathTimeline(step: 1, capacity: 8)
        timeline.record(snapshot(at: 0))
        timeline.record(snapshot(at: 1, gets: 100, hits: 90, violations: 2))
        timeline.record(snapshot(at: 2, gets: 100, hits: 90, violations: 2, rtt: nil))
        timeline.record(snapshot(at: 3, gets: 300, hits: 290, violations: 2))
        #expect(values(timeline, .poolGets) == [100, 0, 200])
        #expect(values(timeline, .poolHitRate) == [0.9, nil, 1], "no gets in a step: no hit rate")
        #expect(values(timeline, .orderingViolations) == [2, 0, 0])
        #expect(values(timeline, .srtt) == [1_000, nil, 1_000], "no RTT: nothing made up")
        #expect(values(timeline, .inFlight) == [nil, nil, nil], "a receiving end does not know what is in flight")
    }

    @Test func aCounterResetCountsFromZero() {
        var timeline = PathTimeline(step: 1, capacity: 8)
        timeline.record(snapshot(at: 0, gets: 0, hits: 0))
        timeline.record(snapshot(at: 1, gets: 500, hits: 500))
        timeline.record(snapshot(at: 2, gets: 40, hits: 40))
        #expect(values(timeline, .poolGets) == [500, 40])
    }

    @Test func reconnectsAreRememberedOnceThePathIsBack() {
        var timeline = PathTimeline(step: 1, capacity: 8)
        timeline.record(snapshot(at: 0))
        let first = ReconnectStatus(attempt: 1, nextIn: 0.05, lastError: nil)
        timeline.record(snapshot(at: 1, reconnect: first))
        timeline.record(snapshot(at: 2, reconnect: ReconnectStatus(attempt: 2, nextIn: 0.1, lastError: "refused")))
        timeline.record(snapshot(at: 3))
        #expect(timeline.reconnects(path: 1) == PathTimeline.Reconnects(episodes: 1, lastError: "refused"))
        timeline.record(snapshot(at: 4, reconnect: first))
        timeline.record(snapshot(at: 5))
        #expect(timeline.reconnects(path: 1).episodes == 2)
        #expect(timeline.reconnects(path: 1).lastError == "refused")
        #expect(timeline.reconnects(path: 2) == PathTimeline.Reconnects())
    }

    @Test func aFullTimelineKeepsTheNewestSamples() {
        var timeline = PathTimeline(step: 1, capacity: 4)
        timeline.record(snapshot(at: 0))
        for second in 1...10 { timeline.record(snapshot(at: Double(second), gets: UInt64(second * second))) }
        #expect(timeline.sampleCount == 4)
        #expect(values(timeline, .poolGets) == [13, 15, 17, 19])
    }
}
