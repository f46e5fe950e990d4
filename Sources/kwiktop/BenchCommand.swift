import ArgumentParser
import Foundation
import KwikCore
import KwikDashboard
import KwikSnapshot
import KwikTerminal
import Logging
import NIOCore
import NIOPosix

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Live benchmark of the reader designs: the same loopback download once per reader mode; "
            + "with --aggregation, of multipath aggregation on shaped paths.")

    @Option(help: "Measured time per mode (per run with --aggregation).")
    var duration: Duration = Duration(argument: "5s")!

    @Option(help: "Warm-up per mode (per run with --aggregation) before measuring.")
    var warmup: Duration = Duration(argument: "1s")!

    @Option(help: "Runs of each mode, one after the other: the table shows their mean and the goodput's ± spread.")
    var runs = 1

    @Option(help: "Number of paths (default 4; with --aggregation each case gives its own).")
    var paths: Int?

    @Flag(
        name: [.customLong("json"), .customLong("headless")],
        help: "No dashboard: print the results as one JSON document.")
    var json = false

    @OptionGroup(title: "Aggregation") var aggregation: AggregationBenchOptions

    @OptionGroup var engine: EngineOptions

    @OptionGroup(title: "Dashboard") var dashboard: DashboardFlags

    func validate() throws {
        if aggregation.aggregation {
            if paths != nil {
                throw ValidationError("--paths does not apply to --aggregation: each --case gives its paths")
            }
            if !engine.profiles.isEmpty {
                throw ValidationError("--profile does not apply to --aggregation: each --case shapes its paths")
            }
        }
        if !(1...20).contains(runs) { throw ValidationError("--runs must be between 1 and 20") }
        if aggregation.aggregation, runs != 1 {
            throw ValidationError("--runs applies to the reader bench, not to --aggregation")
        }
        if let paths, !(1...16).contains(paths) { throw ValidationError("--paths must be between 1 and 16") }
        guard duration.nanoseconds >= 100_000_000 else { throw ValidationError("--duration must be at least 100ms") }
    }

    func run() async throws {
        Console.bootstrapLogging()
        let logger = engine.logger(label: "kwiktop.bench", defaultLevel: json ? .error : .critical)
        if aggregation.aggregation {
            try await runAggregation(configuration: engine.configuration(), logger: logger)
            return
        }
        var options = ReaderBenchmark.Options()
        options.modes = engine.readers.isEmpty ? ReaderMode.allCases : engine.readers
        options.paths = paths ?? options.paths
        options.warmup = warmup.timeAmount
        options.duration = duration.timeAmount
        options.runs = runs
        options.configuration = engine.configuration()
        let benchmark = ReaderBenchmark(options: options, group: MultiThreadedEventLoopGroup.singleton, logger: logger)
        if json {
            let results: [BenchResult]
            do {
                results = try await benchmark.run()
            } catch {
                throw Console.failure("\(error)")
            }
            Console.printLine(BenchJSON.document(results, options: options))
            if let problem = BenchJSON.problem(results) { throw Console.failure(problem) }
            return
        }
        let running = Task { try await benchmark.run() }
        do {
            try TerminalDashboard().runBench(progress: { benchmark.progress() }, options: dashboard.options())
        } catch {
            running.cancel()
            throw Console.dashboardFailure(error)
        }
        // Quitting before the end stops the run; a finished run is judged like --json. The results
        // stay on the terminal once the view is gone.
        running.cancel()
        let outcome = await running.result
        var shown = benchmark.progress()
        if case .success(let results) = outcome { shown.results = results }
        shown.phase = .finished
        shown.modes = shown.modes.filter { mode in shown.results.contains { $0.mode == mode } }
        if !shown.results.isEmpty {
            Console.printLine(BenchScreen.resultsText(shown, width: 120, ascii: dashboard.ascii))
        }
        if case .success(let results) = outcome, let problem = BenchJSON.problem(results) {
            throw Console.failure(problem)
        }
        if case .failure = outcome, shown.modes.count < options.modes.count {
            FileHandle.standardError.write(
                Data("kwiktop: stopped after \(shown.results.count) of \(options.modes.count) modes\n".utf8))
        }
    }
}

extension ReaderMode: ExpressibleByArgument {}

/// The results of `kwiktop bench --json`: one document with snake_case keys, each figure also as a ratio
/// to `per-path`.
enum BenchJSON {
    static func document(_ results: [BenchResult], options: ReaderBenchmark.Options) -> String {
        struct Document: Encodable {
            var cores: Int
            var paths: Int
            var packetSize: Int
            var warmupSeconds: Double
            var durationSeconds: Double
            var results: [BenchResult]
            var ratiosToPerPath: [String: [String: Double]]
        }
        let progress = BenchProgress(
            modes: results.map(\.mode), current: nil, phase: .finished, fraction: 1, results: results, session: nil)
        var ratios: [String: [String: Double]] = [:]
        for result in results {
            let figures: [(String, (BenchResult) -> Double)] = [
                ("goodput_bps", \.goodputBps), ("latency_p50_micros", \.latencyP50Micros),
                ("latency_p99_micros", \.latencyP99Micros), ("cpu_seconds_per_gibibyte", \.cpuSecondsPerGibibyte),
            ]
            ratios[result.mode.rawValue] = figures.reduce(into: [:]) { $0[$1.0] = progress.ratio(result, $1.1) }
        }
        let document = Document(
            cores: System.coreCount, paths: options.paths, packetSize: options.configuration.packetSize,
            warmupSeconds: Double(options.warmup.nanoseconds) / 1e9,
            durationSeconds: Double(options.duration.nanoseconds) / 1e9,
            results: results, ratiosToPerPath: ratios)
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return String(decoding: (try? encoder.encode(document)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// Every mode must deliver every byte verified and in order.
    static func problem(_ results: [BenchResult]) -> String? {
        for result in results {
            if result.corruptBytes > 0 { return "\(result.mode.rawValue): \(result.corruptBytes) corrupt bytes" }
            if result.deliveryOrderViolations > 0 { return "\(result.mode.rawValue): delivery-order violations" }
            if result.verifiedBytes == 0 { return "\(result.mode.rawValue): nothing delivered" }
        }
        return nil
    }
}
