import KwikSnapshot
import Testing

@Suite struct BenchResultRunsTests {
    func run(goodput: Double, p99: Double, highWater: Int, bytes: UInt64) -> BenchResult {
        BenchResult(
            mode: .perPath, seconds: 5, goodputBps: goodput, packets: bytes / 1000, verifiedBytes: bytes,
            corruptBytes: 0, deliveryOrderViolations: 0, bufferAllocationsPerPacket: 0,
            processAllocationsPerPacket: 0.5, poolHitRate: 1, latencyP50Micros: 100, latencyP99Micros: p99,
            orderingViolations: 1, reorderHighWater: highWater, cpuSecondsPerGibibyte: 1)
    }

    @Test func noRunsIsNoResultAndOneRunIsItself() {
        #expect(BenchResult.combining([]) == nil)
        let one = run(goodput: 8e9, p99: 900, highWater: 4, bytes: 5_000_000)
        #expect(BenchResult.combining([one]) == one)
        #expect(one.runs == 1 && one.goodputDeviationBps == nil)
    }

    /// Rates and latencies are means, counts are sums, the high-water mark is the highest, and the
    /// goodput's spread is the sample standard deviation.
    @Test func severalRunsGiveMeansSumsAndTheSpread() throws {
        let runs = [
            run(goodput: 8e9, p99: 900, highWater: 4, bytes: 5_000_000),
            run(goodput: 10e9, p99: 1_100, highWater: 9, bytes: 6_000_000),
            run(goodput: 12e9, p99: 1_000, highWater: 2, bytes: 7_000_000),
        ]
        let combined = try #require(BenchResult.combining(runs))
        #expect(combined.runs == 3)
        #expect(combined.seconds == 15)
        #expect(combined.goodputBps == 10e9)
        #expect(combined.latencyP99Micros == 1_000)
        #expect(combined.verifiedBytes == 18_000_000)
        #expect(combined.packets == 18_000)
        #expect(combined.orderingViolations == 3)
        #expect(combined.reorderHighWater == 9)
        #expect(combined.processAllocationsPerPacket == 0.5)
        #expect(abs((combined.goodputDeviationBps ?? 0) - 2e9) < 1)
    }

    /// A process allocation count missing from one run is missing from the mean.
    @Test func aFigureMissingFromOneRunIsMissing() throws {
        var second = run(goodput: 9e9, p99: 1_000, highWater: 1, bytes: 1_000)
        second.processAllocationsPerPacket = nil
        let combined = try #require(
            BenchResult.combining([run(goodput: 9e9, p99: 1_000, highWater: 1, bytes: 1_000), second]))
        #expect(combined.processAllocationsPerPacket == nil)
        #expect(combined.goodputDeviationBps == 0)
    }
}
