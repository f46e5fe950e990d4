import ArgumentParser
import KwikExport
import KwikSnapshot

/// `--metrics-port` / `--metrics-host`: serve `/metrics` for Prometheus, shared by `serve`, `connect`,
/// `demo` and `mptcp`.
struct MetricsOptions: ParsableArguments {
    @Option(help: "Serve Prometheus metrics on http://HOST:PORT/metrics (0 picks a free port).")
    var metricsPort: Int?

    @Option(help: "Address the metrics endpoint listens on.")
    var metricsHost = "127.0.0.1"

    func validate() throws {
        if let metricsPort, !(0...65535).contains(metricsPort) {
            throw ValidationError("--metrics-port must be between 0 and 65535")
        }
    }

    /// Starts the endpoint when asked for; a port that cannot be bound is a one-line error.
    func start(
        snapshots: @escaping @Sendable () -> [SessionSnapshot], refusedJoins: (@Sendable () -> [String: Int])? = nil,
        limitHits: (@Sendable () -> LimitHits)? = nil, mptcp: (@Sendable () -> MPTCPReport?)? = nil
    ) async throws -> MetricsServer? {
        guard let metricsPort else { return nil }
        let exporter = PrometheusExporter(
            snapshots: snapshots, refusedJoins: refusedJoins, limitHits: limitHits, mptcp: mptcp)
        do {
            return try await MetricsServer.start(host: metricsHost, port: metricsPort, exporter: exporter)
        } catch {
            throw Console.failure("cannot serve metrics on \(metricsHost):\(metricsPort): \(error)")
        }
    }
}
