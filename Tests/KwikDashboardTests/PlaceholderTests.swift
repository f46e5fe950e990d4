import KwikMetrics
import Testing

@Test func schedulerCycles() {
    #expect(SchedulerKind.minrtt.next == .roundrobin)
    #expect(SchedulerKind.redundant.next == .minrtt)
}
