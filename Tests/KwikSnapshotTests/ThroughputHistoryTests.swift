import KwikSnapshot
import Testing

struct ThroughputHistoryTests {
    /// A session at `time` whose paths hold the given cumulative (rx, delivered) byte counts.
    func snapshot(at time: Double, _ paths: [Int: (rx: UInt64, delivered: UInt64)]) -> SessionSnapshot {
        let pathSnapshots = paths.keys.sorted().map { id in
            PathSnapshot(
                id: id, endpoint: "p\(id)", state: .active, rxBytes: paths[id]!.rx, txBytes: paths[id]!.rx / 10,
                deliveredBytes: paths[id]!.delivered)
        }
        return SessionSnapshot(
            sessionID: "s", role: .client, state: .running, uptime: time, scheduler: .minrtt,
            workload: .init(direction: .download, totalBytes: nil, packetSize: 1000),
            deliveredBytes: pathSnapshots.reduce(0) { $0 + $1.deliveredBytes }, verifiedBytes: 0, corruptBytes: 0,
            sentBytes: 0, reorderDepth: 0, reorderHighWater: 0, headOfLineStallSeconds: 0, deliveryOrderViolations: 0,
            duplicatesDropped: 0, reorderEvents: 0, paths: pathSnapshots, failovers: [])
    }

    /// Three seconds: path 1 alone, then path 2 joins and takes over.
    func history(capacity: Int = 16) -> ThroughputHistory {
        var history = ThroughputHistory(capacity: capacity, step: 1)
        history.record(snapshot(at: 1, [1: (1000, 1000)]))
        history.record(snapshot(at: 2, [1: (2000, 1500), 2: (1000, 500)]))
        history.record(snapshot(at: 3, [1: (2000, 1500), 2: (4000, 3500)]))
        return history
    }

    @Test func ratesOverTheWindowComeFromTheCounters() {
        let lastSecond = history().rates(over: 1)
        #expect(lastSecond.goodputBps == 3000 * 8)
        #expect(lastSecond[path: 1] == ThroughputRates.Path(rxBps: 0, txBps: 0, deliveredShare: 0))
        #expect(lastSecond[path: 2] == ThroughputRates.Path(rxBps: 3000 * 8, txBps: 300 * 8, deliveredShare: 1))

        let lastTwo = history().rates(over: 2)
        #expect(lastTwo.goodputBps == 4000 * 8 / 2)
        #expect(lastTwo[path: 1].deliveredShare == 0.125)
        #expect(lastTwo[path: 2].deliveredShare == 0.875)
        #expect(lastTwo[path: 2].rxBps == 4000 * 8 / 2)
    }

    @Test func aWindowReachingPastTheFirstSampleStartsAtTheSessionStart() {
        let rates = history().rates(over: 60)
        #expect(rates == history().sessionRates)
        #expect(rates.goodputBps == 5000.0 * 8 / 3)
        #expect(rates[path: 1].deliveredShare == 0.3)
    }

    @Test func sessionRatesCoverTheWholeRunEvenWhenOldSamplesAreGone() {
        var history = ThroughputHistory(capacity: 4, step: 1)
        // 1000 B/s for the first 100 s, then 2000 B/s, in more readings than are kept.
        for second in 1...400 {
            let bytes = UInt64(min(second, 100) * 1000 + max(0, second - 100) * 2000)
            history.record(snapshot(at: Double(second), [1: (bytes, bytes)]))
        }
        #expect(history.sessionRates.goodputBps == 700_000.0 * 8 / 400)
        #expect(history.rates(over: 1000).goodputBps == 2000 * 8, "only the newest readings are kept")
        #expect(history.sampleCount == 4)
    }

    /// Readings every 0.3 s fill 0.25 s steps at the pace of the session's clock, not of the readings.
    @Test func theSeriesFollowTheSessionClock() {
        var history = ThroughputHistory(capacity: 512, step: 0.25)
        for reading in 1...100 {
            let time = Double(reading) * 0.3
            history.record(snapshot(at: time, [1: (UInt64(time * 1000), 0)]))
        }
        #expect(history.sampleCount == Int((30 - 0.3) / 0.25))
        #expect(history.span == 128)
        let values = history.ring(pathID: 1)?.values ?? []
        #expect(values.allSatisfy { abs($0 - 8000) < 50 }, "a byte of rounding at most in each reading")
    }

    @Test func aWindowShorterThanTheSamplingSpansTheLastInterval() {
        #expect(history().rates(over: 0.1) == history().rates(over: 1))
    }

    @Test func aResetCounterCountsFromZero() {
        var history = history()
        history.record(snapshot(at: 4, [1: (500, 0), 2: (4000, 3500)]))
        #expect(history.rates(over: 1)[path: 1].rxBps == 500 * 8)
    }

    @Test func aReadingThatMeasuresNoTimeIsIgnored() {
        var history = history()
        history.record(snapshot(at: 3, [1: (9000, 9000)]))
        #expect(history == self.history())
        #expect(ThroughputHistory().rates(over: 1) == ThroughputRates())
    }

    /// The first reading only starts the series; a path that joins later has zeros before it.
    @Test func seriesAlignPathsThatAppearLater() {
        var history = history()
        #expect(history.pathIDs == [1, 2])
        #expect(history.sampleCount == 2)
        #expect((0..<2).map { history.rate(pathID: 1, sample: $0) } == [8000, 0])
        #expect((0..<2).map { history.rate(pathID: 2, sample: $0) } == [8000, 24000])
        #expect(history.total(sample: 0) == 16000)
        #expect(history.ring(pathID: 3) == nil)
        history.record(snapshot(at: 4, [1: (2000, 1500), 2: (4000, 3500), 3: (1000, 1000)]))
        #expect(history.pathIDs == [1, 2, 3])
        #expect(history.ring(pathID: 3)?.values == [0, 0, 8000])
    }

    @Test func seriesKeepTheirCapacity() {
        var history = history(capacity: 2)
        history.record(snapshot(at: 4, [1: (2000, 1500), 2: (5000, 4500)]))
        #expect(history.sampleCount == 2)
        #expect(history.ring(pathID: 2)?.values == [24000, 8000])
    }

    /// A server sending a download: its graph follows what leaves it, its goodput what the client
    /// says it delivered.
    @Test func anEndThatOnlySendsMeasuresTxAndThePeersDeliveries() {
        func sending(at time: Double, tx: UInt64, peerDelivered: UInt64) -> SessionSnapshot {
            var snapshot = snapshot(at: time, [1: (0, 0)])
            snapshot.role = .server
            snapshot.paths[0].txBytes = tx
            snapshot.peer = PeerReport(
                deliveredBytes: peerDelivered, verifiedBytes: peerDelivered, corruptBytes: 0,
                deliveryOrderViolations: 0, duplicatesDropped: 0, orderingViolations: 0)
            return snapshot
        }
        var history = ThroughputHistory(capacity: 8)
        history.record(sending(at: 1, tx: 1000, peerDelivered: 500))
        history.record(sending(at: 2, tx: 3000, peerDelivered: 2500))
        #expect(history.seriesDirection == .send)
        #expect(history.rate(pathID: 1, sample: history.sampleCount - 1) == 16_000)
        let rates = history.rates(over: 1)
        #expect(rates.goodputBps == 0)
        #expect(rates.peerGoodputBps == 16_000)
        #expect(history.sessionRates.peerGoodputBps == 10_000)
    }

    @Test func remoteHostsDropThePortAndRepeats() {
        var snapshot = snapshot(at: 1, [1: (0, 0), 2: (0, 0), 3: (0, 0)])
        snapshot.paths[0].endpoint = "10.0.0.2:40001"
        snapshot.paths[1].endpoint = "[fd00::2]:40002"
        snapshot.paths[2].endpoint = "10.0.0.2:40003"
        #expect(snapshot.remoteHosts == ["10.0.0.2", "fd00::2"])
    }
}
