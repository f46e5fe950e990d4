import ArgumentParser
import Foundation
import KwikMPTCP
import KwikSnapshot
import KwikTerminal

/// `kwiktop mptcp`: the kernel's own MPTCP connections, each with its subflows, read from sock_diag
/// at every interval, on the dashboard or (`--headless`) as NDJSON.
struct MPTCPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mptcp",
        abstract:
            "Watch the kernel's MPTCP connections, their subflows (sock_diag) and the path manager's events live; --headless prints NDJSON."
    )

    @Flag(help: "No dashboard: print one JSON object per interval on stdout, and a final one at the end.")
    var headless = false

    @Option(help: "Time between two looks (e.g. 500ms, 1s).")
    var interval = Duration(argument: "1s")!

    @Option(help: "Stop after this long (default: until SIGINT or SIGTERM).")
    var duration: Duration?

    @Option(help: "Only connections with this port or address at either end, or on one of their subflows.")
    var filter: String?

    @OptionGroup(title: "Dashboard") var dashboard: DashboardFlags

    @OptionGroup(title: "Prometheus") var metrics: MetricsOptions

    func validate() throws {
        guard interval.nanoseconds > 0 else { throw ValidationError("--interval must be longer than 0") }
        if let filter {
            do { _ = try MPTCPFilter(filter) } catch { throw ValidationError("--filter: \(error)") }
        }
    }

    func run() async throws {
        let watch = MPTCPWatch(interval: interval, filter: try filter.map(MPTCPFilter.init))
        // Before any screen opens: a kernel without MPTCP or netlink refused is said plainly.
        let first: MPTCPReport
        do { first = try watch.read() } catch { throw Console.failure("mptcp: \(error)") }
        let notice = MPTCPEnabled.notice(MPTCPEnabled.read())
        // Headless, the printing loop reads the kernel: a scrape must not take its events.
        let metricsServer = try await metrics.start(
            snapshots: { [] }, mptcp: { [headless] in headless ? watch.lastReport() : watch.latest() })
        let failure: ExitCode? =
            headless ? await printReports(watch, from: first, notice: notice) : showDashboard(watch, notice: notice)
        await metricsServer?.stop()
        if let failure { throw failure }
    }

    private func showDashboard(_ watch: MPTCPWatch, notice: String?) -> ExitCode? {
        do {
            try TerminalDashboard().runMPTCP(
                report: { watch.latest() }, filter: filter, notice: notice, eventsNotice: watch.eventsNotice,
                options: dashboard.options(), change: { watch.change($0) })
            return nil
        } catch {
            return Console.dashboardFailure(error)
        }
    }

    private func printReports(_ watch: MPTCPWatch, from first: MPTCPReport, notice: String?) async -> ExitCode? {
        for notice in [notice, watch.eventsNotice].compactMap({ $0 }) {
            FileHandle.standardError.write(Data("kwiktop: \(notice)\n".utf8))
        }
        // A reader that goes away (`| head -1`) ends the watch through printLine, not by the signal.
        signal(SIGPIPE, SIG_IGN)
        let printing = Task { [interval, duration] in
            await Self.print(watch, from: first, interval: interval, duration: duration)
        }
        let stop = Task {
            _ = await TerminationSignal.wait()
            printing.cancel()
        }
        let failure = await printing.value
        stop.cancel()
        return failure.map { Console.failure($0) }
    }

    /// Prints `first`, then a report per interval until the duration ends or the task is cancelled,
    /// then the final one; returns why it stopped early, if it did.
    private static func print(
        _ watch: MPTCPWatch, from first: MPTCPReport, interval: Duration, duration: Duration?
    ) async -> String? {
        let clock = ContinuousClock()
        let start = clock.now - watch.elapsed
        let end = duration.map { start + .nanoseconds($0.nanoseconds) }
        var report = first
        var next = start
        do {
            while true {
                guard Console.printLine(try line(report)) else { return nil }
                if report.final { return nil }
                next += .nanoseconds(interval.nanoseconds)
                try? await Task.sleep(until: end.map { min(next, $0) } ?? next, clock: clock)
                report = try watch.read(final: Task.isCancelled || end.map { clock.now >= $0 } ?? false)
            }
        } catch {
            return "mptcp: \(error)"
        }
    }

    static func line(_ report: MPTCPReport) throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(report), as: UTF8.self)
    }
}
