import KwikCore
import KwikSnapshot
import NIOPosix
import Testing

extension Loopback {
    /// The aggregation benchmark end to end over loopback on one small case, timed and byte-bounded:
    /// every run made, filled in and intact. How fast is for `kwiktop bench --aggregation`, not here.
    @Suite struct AggregationBenchmarkTests {
        static let testCase = try! AggregationCase(parsing: "200mbit/0ms+200mbit/1ms")

        func run(_ bound: AggregationBound) async throws -> (AggregationReport, AggregationProgress) {
            let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
            var options = AggregationBenchmark.Options()
            options.cases = [Self.testCase]
            options.bound = bound
            let benchmark = AggregationBenchmark(options: options, group: group, logger: quietLogger)
            let report = try await benchmark.run()
            try await group.shutdownGracefully()
            return (report, benchmark.progress())
        }

        func expectFilledIn(_ report: AggregationReport) {
            #expect(report.runs.map(\.subset) == [.alone(1), .alone(2), .all])
            #expect(report.runs.allSatisfy { $0.scheduler == EngineConfiguration().scheduler })
            #expect(report.problem == nil)
            for run in report.runs {
                #expect(run.deliveredBytes > 0 && run.verifiedBytes == run.deliveredBytes, "\(run.subset)")
                #expect(run.corruptBytes == 0 && run.deliveryOrderViolations == 0)
                #expect(run.goodputBps > 0 && run.seconds > 0)
                #expect(run.paths.map(\.position) == Self.testCase.positions(of: run.subset))
                #expect(abs(run.paths.reduce(0) { $0 + $1.share } - 1) < 1e-9)
                #expect(run.reorderHighWaterBytes == UInt64(run.reorderHighWaterPackets) * UInt64(report.packetSize))
            }
            let summary = report.summaries.first
            #expect(summary?.aggregateToSumOfRates != nil && summary?.aggregateToBestAlone != nil)
        }

        @Test func timedRunsAreFilledInAndVerified() async throws {
            let (report, progress) = try await run(.timed(warmupSeconds: 0.2, durationSeconds: 0.5))
            expectFilledIn(report)
            for run in report.runs {
                #expect(run.seconds >= 0.5, "measured over the whole interval")
                #expect(run.paths.allSatisfy { $0.minRttMicros != nil && $0.smoothedRttMicros != nil })
            }
            #expect(progress.isFinished && progress.current == nil && progress.session == nil)
            #expect(progress.report == report)
        }

        @Test func byteBoundedRunsDeliverExactlyTheirBytes() async throws {
            let (report, _) = try await run(.bytes(count: 2 << 20))
            expectFilledIn(report)
            #expect(report.runs.allSatisfy { $0.deliveredBytes == 2 << 20 && $0.expectedBytes == 2 << 20 })
        }
    }
}
