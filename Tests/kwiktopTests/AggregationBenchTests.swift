import Foundation
import KwikCore
import KwikSnapshot
import Testing

@testable import kwiktop

/// `kwiktop bench --aggregation`: its flags, and the JSON document with its verdict.
struct AggregationBenchTests {
    func options(_ arguments: [String]) throws -> AggregationBenchmark.Options {
        let command = try BenchCommand.parse(arguments)
        return try command.aggregation.benchmarkOptions(
            warmup: command.warmup, duration: command.duration, configuration: EngineConfiguration())
    }

    @Test func defaultsAreTheCaseListTheEngineSchedulerAndTimedRuns() throws {
        let options = try options(["--aggregation"])
        #expect(options.cases == AggregationCase.defaults)
        #expect(options.schedulers == [EngineConfiguration().scheduler])
        #expect(options.bound == .timed(warmupSeconds: 1, durationSeconds: 5))
    }

    @Test func casesSchedulersAndBytesReachTheBenchmark() throws {
        let options = try options([
            "--aggregation", "--case", "50mbit/15ms+5mbit/150ms", "--case", "10mbit+10mbit", "--all-schedulers",
            "--bytes", "16MiB",
        ])
        #expect(options.cases.map(\.name) == ["50mbit/15ms+5mbit/150ms", "10mbit+10mbit"])
        #expect(options.schedulers == SchedulerKind.allCases)
        #expect(options.bound == .bytes(count: 16 << 20))
        let two = try self.options(["--aggregation", "--scheduler", "minrtt", "--scheduler", "redundant"])
        #expect(two.schedulers == [.minrtt, .redundant])
    }

    @Test(arguments: [
        (["--case", "10mbit+10mbit"], "--case needs --aggregation"),
        (["--all-schedulers"], "--all-schedulers needs --aggregation"),
        (["--aggregation", "--case", "10mbit+10mbit/5"], "--case 10mbit+10mbit/5: '10mbit/5': '5' is not a duration"),
        (["--aggregation", "--case", "10mbit"], "two or more"),
        (["--aggregation", "--case", "1mbit+1mbit", "--case", "1mbit+1mbit"], "given twice"),
        (["--aggregation", "--scheduler", "ecf", "--all-schedulers"], "exclude each other"),
        (["--aggregation", "--bytes", "0"], "--bytes must be more than 0"),
        (["--aggregation", "--paths", "2"], "--paths does not apply"),
        (["--aggregation", "--profile", "1:delay=1ms"], "--profile does not apply"),
    ])
    func badFlagsAreRefusedWithTheirReason(arguments: [String], reason: String) {
        do {
            _ = try BenchCommand.parse(arguments)
            Issue.record("\(arguments) was accepted")
        } catch {
            let message = BenchCommand.message(for: error)
            #expect(message.contains(reason), "\(message)")
        }
    }

    static func report(runs: [AggregationRun]) -> AggregationReport {
        AggregationReport(
            cases: [try! AggregationCase(parsing: "15mbit/1ms+5mbit/25ms")], schedulers: [.ecf],
            bound: .bytes(count: 1 << 20), packetSize: 16_384, runs: runs)
    }

    static func run(_ subset: AggregationSubset, goodput: Double) -> AggregationRun {
        AggregationRun(
            caseName: "15mbit/1ms+5mbit/25ms", scheduler: .ecf, subset: subset, seconds: 1, expectedBytes: 1 << 20,
            deliveredBytes: 1 << 20, verifiedBytes: 1 << 20, corruptBytes: 0, goodputBps: goodput,
            duplicatesDropped: 0, deliveryOrderViolations: 0, reorderHighWaterPackets: 2,
            reorderHighWaterBytes: 32_768,
            paths: [
                AggregationPathResult(
                    position: 1, smoothedRttMicros: 2_100, minRttMicros: 1_050, deliveredBytes: 1 << 20, share: 1)
            ], failure: nil)
    }

    @Test func documentHasSnakeCaseKeysAndTheRatios() throws {
        let report = Self.report(runs: [
            Self.run(.alone(1), goodput: 15e6), Self.run(.alone(2), goodput: 5e6), Self.run(.all, goodput: 19e6),
        ])
        let text = AggregationJSON.document(report)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["bound", "cases", "cores", "packet_size", "runs", "schedulers", "summaries"])
        let summary = try #require((object["summaries"] as? [[String: Any]])?.first)
        #expect(summary["aggregate_to_sum_of_rates"] as? Double == 0.95)
        #expect(summary["aggregate_to_best_alone"] as? Double == 19e6 / 15e6)
        #expect(text.contains(#""min_rtt_micros" : 1050"#))
        #expect(AggregationJSON.problem(report) == nil)
    }

    @Test func verdictFailsOnAMissingOrBadRun() {
        #expect(AggregationJSON.problem(Self.report(runs: [])) == "3 of 3 runs not made")
        var short = Self.run(.all, goodput: 19e6)
        short.deliveredBytes -= 1
        short.verifiedBytes -= 1
        let report = Self.report(runs: [Self.run(.alone(1), goodput: 15e6), Self.run(.alone(2), goodput: 5e6), short])
        #expect(AggregationJSON.problem(report) == "15mbit/1ms+5mbit/25ms all ecf: 1048575 of 1048576 bytes delivered")
    }
}
