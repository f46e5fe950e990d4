import Foundation
import KwikSnapshot
import Testing

/// The aggregation report: its plan, the ratios of its summaries, what makes a run unacceptable, and
/// how it encodes.
struct AggregationReportTests {
    static let pair = AggregationCase(
        name: "15mbit/1ms+5mbit/25ms",
        paths: [
            AggregationPath(rateBps: 15e6, oneWayDelayMicros: 1_000),
            AggregationPath(rateBps: 5e6, oneWayDelayMicros: 25_000),
        ])

    static func run(
        _ subset: AggregationSubset, goodput: Double, scheduler: SchedulerKind = .ecf, corrupt: UInt64 = 0
    ) -> AggregationRun {
        let bytes = UInt64(goodput * 5 / 8)
        return AggregationRun(
            caseName: pair.name, scheduler: scheduler, subset: subset, seconds: 5, expectedBytes: nil,
            deliveredBytes: bytes, verifiedBytes: bytes - corrupt, corruptBytes: corrupt, goodputBps: goodput,
            duplicatesDropped: 0, deliveryOrderViolations: 0, reorderHighWaterPackets: 3, reorderHighWaterBytes: 49_152,
            paths: [], failure: nil)
    }

    static func report(_ runs: [AggregationRun], schedulers: [SchedulerKind] = [.ecf]) -> AggregationReport {
        AggregationReport(
            cases: [pair], schedulers: schedulers, bound: .timed(warmupSeconds: 1, durationSeconds: 5),
            packetSize: 16_384, runs: runs)
    }

    @Test func planRunsEachPathAloneThenAllPerScheduler() {
        let plan = Self.report([], schedulers: [.ecf, .minrtt]).plan
        #expect(
            plan.map { "\($0.scheduler.rawValue) \($0.subset)" } == [
                "ecf path 1", "ecf path 2", "ecf all", "minrtt path 1", "minrtt path 2", "minrtt all",
            ])
        #expect(Self.pair.sumOfRatesBps == 20e6)
        #expect(Self.pair.rateBps(of: .alone(2)) == 5e6)
    }

    @Test func summaryComparesAllWithTheSumOfRatesAndTheBestPathAlone() throws {
        let report = Self.report([
            Self.run(.alone(1), goodput: 14e6), Self.run(.alone(2), goodput: 4.9e6), Self.run(.all, goodput: 19e6),
        ])
        let summary = try #require(report.summaries.first)
        #expect(summary.bestAloneBps == 14e6)
        #expect(summary.aggregateBps == 19e6)
        #expect(summary.aggregateToSumOfRates == 19e6 / 20e6)
        #expect(summary.aggregateToBestAlone == 19e6 / 14e6)
        #expect(report.problem == nil)
    }

    @Test func summaryHasNoRatiosWhereARunIsMissingOrFailed() throws {
        let partial = try #require(Self.report([Self.run(.alone(1), goodput: 14e6)]).summaries.first)
        #expect(partial.bestAloneBps == nil && partial.aggregateBps == nil && partial.aggregateToBestAlone == nil)
        let failed = Self.report([
            Self.run(.alone(1), goodput: 14e6), Self.run(.alone(2), goodput: 4.9e6),
            Self.run(.all, goodput: 19e6, corrupt: 10),
        ])
        #expect(try #require(failed.summaries.first).aggregateToSumOfRates == nil)
        #expect(failed.problem == "15mbit/1ms+5mbit/25ms all ecf: 10 corrupt bytes")
    }

    @Test func problemsOfARun() {
        var run = Self.run(.all, goodput: 19e6)
        #expect(run.problem == nil)
        run.expectedBytes = run.deliveredBytes + 1
        #expect(run.problem == "\(run.deliveredBytes) of \(run.deliveredBytes + 1) bytes delivered")
        run.expectedBytes = nil
        run.deliveryOrderViolations = 2
        #expect(run.problem == "2 delivery-order violations")
        run.deliveryOrderViolations = 0
        run.failure = "timed out"
        #expect(run.problem == "timed out")
        #expect(Self.run(.all, goodput: 0).problem == "nothing delivered")
    }

    @Test func encodesSubsetsAsTheyReadAndRoundTrips() throws {
        let report = Self.report([Self.run(.alone(2), goodput: 4.9e6), Self.run(.all, goodput: 19e6)])
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let text = String(decoding: try encoder.encode(report), as: UTF8.self)
        #expect(text.contains(#""subset":"path 2""#))
        #expect(text.contains(#""subset":"all""#))
        #expect(text.contains(#""reorder_high_water_bytes":49152"#))
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        #expect(try decoder.decode(AggregationReport.self, from: Data(text.utf8)) == report)
        #expect(throws: DecodingError.self) {
            try decoder.decode([AggregationSubset].self, from: Data(#"["path 0"]"#.utf8))
        }
    }

    @Test func overallFractionCountsDoneRunsAndTheCurrentOne() {
        var progress = AggregationProgress(
            report: Self.report([Self.run(.alone(1), goodput: 14e6)]),
            current: AggregationPosition(caseIndex: 0, scheduler: .ecf, subset: .alone(2)), phase: .measuring,
            fraction: 0.5, liveGoodputBps: 4e6, session: nil)
        #expect(progress.overallFraction == 0.5)
        progress.phase = .finished
        #expect(progress.overallFraction == 1)
    }
}
