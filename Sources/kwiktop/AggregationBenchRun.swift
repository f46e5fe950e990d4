import ArgumentParser
import Foundation
import KwikCore
import KwikSnapshot
import KwikTerminal
import Logging
import NIOCore
import NIOPosix

extension BenchCommand {
    /// `kwiktop bench --aggregation`: live on the dashboard, or one JSON document with `--json`; fails
    /// when any run lost or corrupted bytes, delivered nothing or timed out.
    func runAggregation(configuration: EngineConfiguration, logger: Logger) async throws {
        let options = try aggregation.benchmarkOptions(
            warmup: warmup, duration: duration, configuration: configuration)
        let benchmark = AggregationBenchmark(
            options: options, group: MultiThreadedEventLoopGroup.singleton, logger: logger)
        if json {
            let report: AggregationReport
            do {
                report = try await benchmark.run()
            } catch {
                throw Console.failure("\(error)")
            }
            Console.printLine(AggregationJSON.document(report))
            if let problem = AggregationJSON.problem(report) { throw Console.failure(problem) }
            return
        }
        let running = Task { try await benchmark.run() }
        do {
            try TerminalDashboard().runAggregationBench(
                progress: { benchmark.progress() }, options: dashboard.options())
        } catch {
            running.cancel()
            throw Console.dashboardFailure(error)
        }
        // Quitting before the end stops the run and says how far it got; a finished run is judged
        // like --json.
        running.cancel()
        switch await running.result {
        case .success(let report):
            if let problem = AggregationJSON.problem(report) { throw Console.failure(problem) }
        case .failure:
            let report = benchmark.progress().report
            FileHandle.standardError.write(
                Data("kwiktop: stopped after \(report.runs.count) of \(report.plan.count) runs\n".utf8))
        }
    }
}

/// The report of `kwiktop bench --aggregation --json`: one document with snake_case keys, with each
/// case's ratios per scheduler in `summaries`.
enum AggregationJSON {
    static func document(_ report: AggregationReport) -> String {
        struct Document: Encodable {
            var cores: Int
            var packetSize: Int
            var bound: AggregationBound
            var cases: [AggregationCase]
            var schedulers: [SchedulerKind]
            var runs: [AggregationRun]
            var summaries: [AggregationSummary]
        }
        let document = Document(
            cores: System.coreCount, packetSize: report.packetSize, bound: report.bound, cases: report.cases,
            schedulers: report.schedulers, runs: report.runs, summaries: report.summaries)
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return String(decoding: (try? encoder.encode(document)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// Every run of the plan must have been made, with every byte delivered, verified and in order.
    static func problem(_ report: AggregationReport) -> String? {
        if let problem = report.problem { return problem }
        let missing = report.plan.count - report.runs.count
        return missing > 0 ? "\(missing) of \(report.plan.count) runs not made" : nil
    }
}
