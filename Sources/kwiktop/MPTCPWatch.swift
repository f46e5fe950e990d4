import KwikMPTCP
import KwikSnapshot
import NIOConcurrencyHelpers

/// The kernel's MPTCP connections as `kwiktop mptcp` reports them: read from netlink, with the owning
/// processes and interfaces, and rates over the time between two reads.
final class MPTCPWatch: Sendable {
    private struct State {
        var reporter = MPTCPReporter()
        var latest: MPTCPReport?
        var lastRead: ContinuousClock.Instant?
    }

    private let state = NIOLockedValueBox(State())
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant
    private let interval: Swift.Duration
    private let filter: MPTCPFilter?

    init(interval: Duration, filter: MPTCPFilter?) {
        start = clock.now
        self.interval = .nanoseconds(interval.nanoseconds)
        self.filter = filter
    }

    var elapsed: Swift.Duration { clock.now - start }

    /// Reads the kernel now.
    func read(final: Bool = false) throws -> MPTCPReport {
        let snapshot = try MPTCPDump.take()
        let owners = SocketOwners.scan()
        let interfaces = InterfaceNames.scan()
        let now = clock.now
        let elapsed = (now - start).components
        let time = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        return state.withLockedValue { state in
            let report = state.reporter.report(
                snapshot, time: time, owners: owners, filter: filter, final: final, interfaces: interfaces)
            state.latest = report
            state.lastRead = now
            return report
        }
    }

    /// The latest report, read again once an interval has passed since the last read; a failed read
    /// keeps the one before (the first read, made before the dashboard opens, reports failures).
    func latest() -> MPTCPReport? {
        let due = state.withLockedValue { state in state.lastRead.map { clock.now - $0 >= interval } ?? true }
        if due { _ = try? read() }
        return state.withLockedValue { $0.latest }
    }
}
