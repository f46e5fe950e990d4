import KwikDashboard
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
        /// Tokens of the connections `--filter` keeps, so that their events naming no ends are kept too.
        var filteredTokens: Set<UInt32> = []
        /// Every endpoint seen, by id, so that a removed one can be added back as it was.
        var knownEndpoints: [UInt8: PathManagerEndpoint] = [:]
    }

    private let state = NIOLockedValueBox(State())
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant
    private let interval: Swift.Duration
    private let filter: MPTCPFilter?
    private let events: MPTCPEventFeed?
    /// Why there is no event log, when there is none.
    let eventsNotice: String?

    init(interval: Duration, filter: MPTCPFilter?) {
        let clock = clock, start = clock.now
        self.start = start
        self.interval = .nanoseconds(interval.nanoseconds)
        self.filter = filter
        do {
            events = try MPTCPEventFeed { Self.seconds(clock.now - start) }
            eventsNotice = nil
        } catch {
            events = nil
            eventsNotice = "\(error)"
        }
    }

    deinit { events?.stop() }

    var elapsed: Swift.Duration { clock.now - start }

    private static func seconds(_ duration: Swift.Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    /// Reads the kernel now.
    func read(final: Bool = false) throws -> MPTCPReport {
        let snapshot = try MPTCPDump.take()
        let owners = SocketOwners.scan()
        let interfaces = InterfaceNames.scan()
        let now = clock.now
        let time = Self.seconds(now - start)
        let (events, lost) = events?.take() ?? ([], 0)
        let pathManager = try? PathManager.endpoints()
        return state.withLockedValue { state in
            var report = state.reporter.report(
                snapshot, time: time, owners: owners, filter: filter, final: final, interfaces: interfaces)
            report.events = Self.kept(events, filter: filter, tokens: &state.filteredTokens, of: report)
                .map { $0.event.report(time: $0.time, interfaces: interfaces) }
            report.eventsLost = lost
            if let pathManager {
                report.endpoints = pathManager.endpoints.map { $0.report(interfaces: interfaces) }
                report.limits = MPTCPReport.Limits(
                    subflows: pathManager.limits.subflows, addAddrAccepted: pathManager.limits.addAddrAccepted)
                for endpoint in pathManager.endpoints { state.knownEndpoints[endpoint.id] = endpoint }
            }
            state.latest = report
            state.lastRead = now
            return report
        }
    }

    private static func kept(
        _ arrivals: [MPTCPEventFeed.Arrival], filter: MPTCPFilter?, tokens: inout Set<UInt32>, of report: MPTCPReport
    ) -> [MPTCPEventFeed.Arrival] {
        guard let filter else { return arrivals }
        tokens.formUnion(report.connections.compactMap { $0.token.flatMap { UInt32($0, radix: 16) } })
        return arrivals.filter { arrival in
            let attributes = arrival.event.attributes
            guard filter.matches(attributes) || attributes.token.map({ tokens.contains($0) }) == true else {
                return false
            }
            if let token = attributes.token { tokens.insert(token) }
            return true
        }
    }

    /// Carries out a confirmed endpoint change; returns why it failed, nil when the kernel took it.
    /// The next look reads the kernel again, so the change shows at once.
    func change(_ command: MPTCPViewCommand) -> String? {
        guard let id = command.endpointID else { return nil }
        guard let endpoint = state.withLockedValue({ $0.knownEndpoints[id] }) else {
            return "endpoint \(id) is not known"
        }
        let change: PathManager.Change
        switch command {
        case .quit: return nil
        case .setBackup(_, let backup): change = .setBackup(endpoint, backup)
        case .remove: change = .remove(endpoint)
        case .add: change = .add(endpoint)
        }
        do {
            try PathManager.apply(change)
        } catch {
            return "the path manager refused: \(error)"
        }
        state.withLockedValue { $0.lastRead = nil }
        return nil
    }

    /// The latest report as it was read, never reading again.
    func lastReport() -> MPTCPReport? { state.withLockedValue { $0.latest } }

    /// The latest report, read again once an interval has passed since the last read; a failed read
    /// keeps the one before (the first read, made before the dashboard opens, reports failures).
    func latest() -> MPTCPReport? {
        let due = state.withLockedValue { state in state.lastRead.map { clock.now - $0 >= interval } ?? true }
        if due { _ = try? read() }
        return state.withLockedValue { $0.latest }
    }
}
