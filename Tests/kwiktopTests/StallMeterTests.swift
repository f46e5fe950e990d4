import KwikSnapshot
import Testing

@testable import kwiktop

struct StallMeterTests {
    /// A download run of `runEnd` seconds sampled every half second, delivering `rate(t)` bytes per
    /// sample (cumulative), in `state(t)`.
    static func download(
        runEnd: Double = 10, until last: Double = 10, rate: (Double) -> UInt64,
        state: (Double) -> SessionSnapshot.SessionState = { _ in .running }
    ) -> StallMeter {
        var meter = StallMeter(receives: true, sends: false, runEnd: runEnd)
        var delivered: UInt64 = 0
        for step in 1...Int(last * 2) {
            let uptime = Double(step) / 2
            delivered += rate(uptime)
            meter.record(.init(uptime: uptime, state: state(uptime), deliveredBytes: delivered, acknowledgedBytes: 0))
        }
        return meter
    }

    @Test func aSteadyRunHasNoStall() {
        #expect(Self.download { _ in 1000 }.longest == nil)
    }

    @Test func aPlateauInTheMiddleIsMeasuredFromTheLastGrowth() {
        let meter = Self.download { $0 > 3 && $0 <= 6.5 ? 0 : 1000 }
        #expect(meter.longest?.direction == .delivered)
        #expect(meter.longest?.seconds == 3.5)
    }

    @Test func theFirstByteHasAGrace() {
        let late = Self.download { $0 < 2.5 ? 0 : 1000 }
        #expect(late.longest?.seconds == 2 - StallMeter.firstByteGrace)
        #expect(Self.download { $0 < StallMeter.firstByteGrace ? 0 : 1000 }.longest == nil)
    }

    @Test func timeAfterTheRunEndedIsNotAStall() {
        let draining = Self.download(runEnd: 5, until: 9) { $0 <= 5 ? 1000 : 0 }
        #expect(draining.longest == nil)
    }

    @Test func aSessionWithNoUsablePathIsStillStalling() {
        let meter = Self.download(
            rate: { $0 > 4 && $0 <= 8 ? 0 : 1000 }, state: { $0 > 4 && $0 <= 8 ? .stalled : .running })
        #expect(meter.longest?.seconds == 4)
    }

    @Test func snapshotsOfAnEndedSessionDoNotCount() {
        let meter = Self.download(rate: { $0 > 6 ? 0 : 1000 }, state: { $0 > 6 ? .completed : .running })
        #expect(meter.longest == nil)
    }

    @Test func anUploadStallsOnAcknowledgementsNotOnDelivery() {
        var meter = StallMeter(receives: false, sends: true, runEnd: 10)
        for (uptime, acknowledged) in [(1.0, 100), (2, 200), (3, 200), (4, 200), (5, 300)] as [(Double, UInt64)] {
            meter.record(.init(uptime: uptime, state: .running, deliveredBytes: 0, acknowledgedBytes: acknowledged))
        }
        #expect(meter.longest?.direction == .acknowledged)
        #expect(meter.longest?.seconds == 2)
    }

    @Test func bothWaysReportTheLongerStall() {
        var meter = StallMeter(receives: true, sends: true, runEnd: 10)
        let samples: [(Double, UInt64, UInt64)] = [(1, 10, 10), (2, 20, 10), (3, 30, 10), (4, 30, 10), (5, 40, 20)]
        for (uptime, delivered, acknowledged) in samples {
            meter.record(
                .init(uptime: uptime, state: .running, deliveredBytes: delivered, acknowledgedBytes: acknowledged))
        }
        #expect(meter.longest?.direction == .acknowledged)
        #expect(meter.longest?.seconds == 3)
    }
}
