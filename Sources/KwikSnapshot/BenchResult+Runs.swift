extension BenchResult {
    /// One result for several runs of a mode: each figure's mean (counts summed, high-water the
    /// highest), with the goodput's standard deviation across the runs.
    public static func combining(_ runs: [BenchResult]) -> BenchResult? {
        guard var combined = runs.first else { return nil }
        guard runs.count > 1 else { return combined }
        let count = Double(runs.count)
        func mean(_ value: (BenchResult) -> Double) -> Double { runs.reduce(0) { $0 + value($1) } / count }
        func sum(_ value: (BenchResult) -> UInt64) -> UInt64 { runs.reduce(0) { $0 &+ value($1) } }
        combined.seconds = runs.reduce(0) { $0 + $1.seconds }
        combined.goodputBps = mean(\.goodputBps)
        combined.packets = sum(\.packets)
        combined.verifiedBytes = sum(\.verifiedBytes)
        combined.corruptBytes = sum(\.corruptBytes)
        combined.deliveryOrderViolations = sum(\.deliveryOrderViolations)
        combined.bufferAllocationsPerPacket = mean(\.bufferAllocationsPerPacket)
        let process = runs.compactMap(\.processAllocationsPerPacket)
        combined.processAllocationsPerPacket =
            process.count == runs.count ? process.reduce(0, +) / count : nil
        combined.poolHitRate = mean(\.poolHitRate)
        combined.latencyP50Micros = mean(\.latencyP50Micros)
        combined.latencyP99Micros = mean(\.latencyP99Micros)
        combined.orderingViolations = sum(\.orderingViolations)
        combined.reorderHighWater = runs.map(\.reorderHighWater).max() ?? 0
        combined.cpuSecondsPerGibibyte = mean(\.cpuSecondsPerGibibyte)
        combined.runs = runs.count
        let squares = runs.reduce(0) {
            $0 + ($1.goodputBps - combined.goodputBps) * ($1.goodputBps - combined.goodputBps)
        }
        combined.goodputDeviationBps = (squares / (count - 1)).squareRoot()
        return combined
    }
}
