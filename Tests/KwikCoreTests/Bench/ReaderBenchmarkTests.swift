import KwikCore
import KwikSnapshot
import NIOPosix
import Testing

extension Loopback {
    /// The reader-mode comparison end to end over loopback, with short intervals. Whether a shared worker
    /// pool reorders a path's packets depends on thread timing, so that is checked by `.ci/e2e.sh` over a
    /// 5 s run; here only what holds every time.
    @Suite struct ReaderBenchmarkTests {
        @Test func everyModeDeliversEverythingVerifiedAndPerPathAllocatesNothing() async throws {
            let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
            var options = ReaderBenchmark.Options()
            options.paths = 2
            options.warmup = .milliseconds(200)
            options.duration = .milliseconds(500)
            let benchmark = ReaderBenchmark(options: options, group: group, logger: quietLogger)
            let results = try await benchmark.run()
            try await group.shutdownGracefully()

            #expect(results.map(\.mode) == ReaderMode.allCases)
            for result in results {
                #expect(result.packets > 0, "\(result.mode) carried nothing")
                #expect(result.verifiedBytes > 0)
                #expect(result.corruptBytes == 0)
                #expect(result.deliveryOrderViolations == 0)
            }
            let perPath = try #require(results.first { $0.mode == .perPath })
            #expect(perPath.orderingViolations == 0)
            #expect(perPath.bufferAllocationsPerPacket == 0)
            #expect(perPath.poolHitRate == 1)
            let naive = try #require(results.first { $0.mode == .naive })
            #expect(naive.bufferAllocationsPerPacket >= 1)
            #expect(naive.poolHitRate == 0)
            let progress = benchmark.progress()
            #expect(progress.phase == .finished)
            #expect(progress.results == results)
        }
    }
}
