import Testing

@testable import kwiktop

struct TimedRunVerdictTests {
    static let verdict = TimedRunVerdict(maxStall: 2)

    /// A download sampled each second whose deliveries stop for `plateau` seconds after 3 s.
    static func stalls(plateau: Double) -> StallMeter {
        var meter = StallMeter(receives: true, sends: false, runEnd: 20)
        var delivered: UInt64 = 0
        for uptime in stride(from: 1.0, through: 15, by: 1) {
            if uptime <= 3 || uptime > 3 + plateau { delivered += 1 << 20 }
            meter.record(.init(uptime: uptime, state: .running, deliveredBytes: delivered, acknowledgedBytes: 0))
        }
        return meter
    }

    @Test func anHonestRunPasses() {
        #expect(Self.verdict.problem(unacknowledgedBytes: 0, stalls: Self.stalls(plateau: 2)) == nil)
    }

    @Test func dataNeverAcknowledgedFails() {
        let problem = Self.verdict.problem(unacknowledgedBytes: 13_002_342, stalls: Self.stalls(plateau: 0))
        #expect(problem == "12.4 MiB sent but never acknowledged")
    }

    @Test func aStallBeyondTheBoundFails() {
        let problem = Self.verdict.problem(unacknowledgedBytes: 0, stalls: Self.stalls(plateau: 3))
        #expect(problem == "no data delivered for 3.00 s (bound 2.00 s)")
    }

    @Test func bothReasonsAreNamedOnOneLine() {
        let problem = Self.verdict.problem(unacknowledgedBytes: 4096, stalls: Self.stalls(plateau: 5))
        #expect(problem == "4.0 KiB sent but never acknowledged; no data delivered for 5.00 s (bound 2.00 s)")
    }
}
