/// One path of one aggregation run, from the client's last snapshot of it.
public struct AggregationPathResult: Sendable, Equatable, Codable {
    /// The path's position in its case, from 1 (not its id in the run's session, which is always 1 alone).
    public var position: Int
    public var smoothedRttMicros: Double?
    public var minRttMicros: Double?
    /// Bytes delivered in order that arrived on this path during the run.
    public var deliveredBytes: UInt64
    /// Its part of what the run delivered, 0...1.
    public var share: Double

    public init(
        position: Int, smoothedRttMicros: Double?, minRttMicros: Double?, deliveredBytes: UInt64, share: Double
    ) {
        self.position = position
        self.smoothedRttMicros = smoothedRttMicros
        self.minRttMicros = minRttMicros
        self.deliveredBytes = deliveredBytes
        self.share = share
    }
}

/// One loopback download of an aggregation case: one subset of its paths under one scheduler.
public struct AggregationRun: Sendable, Equatable, Codable {
    public var caseName: String
    public var scheduler: SchedulerKind
    public var subset: AggregationSubset
    /// The measured interval, or start to completion of a byte-bounded run.
    public var seconds: Double
    /// What a byte-bounded run had to deliver; nil for a timed one.
    public var expectedBytes: UInt64?
    public var deliveredBytes: UInt64
    public var verifiedBytes: UInt64
    public var corruptBytes: UInt64
    public var goodputBps: Double
    public var duplicatesDropped: UInt64
    public var deliveryOrderViolations: UInt64
    public var reorderHighWaterPackets: Int
    /// High-water in packets times the packet size.
    public var reorderHighWaterBytes: UInt64
    public var paths: [AggregationPathResult]
    /// Why the run did not reach its end (timed out, session failed, could not connect).
    public var failure: String?

    public init(
        caseName: String, scheduler: SchedulerKind, subset: AggregationSubset, seconds: Double,
        expectedBytes: UInt64?, deliveredBytes: UInt64, verifiedBytes: UInt64, corruptBytes: UInt64,
        goodputBps: Double, duplicatesDropped: UInt64, deliveryOrderViolations: UInt64, reorderHighWaterPackets: Int,
        reorderHighWaterBytes: UInt64, paths: [AggregationPathResult], failure: String?
    ) {
        self.caseName = caseName
        self.scheduler = scheduler
        self.subset = subset
        self.seconds = seconds
        self.expectedBytes = expectedBytes
        self.deliveredBytes = deliveredBytes
        self.verifiedBytes = verifiedBytes
        self.corruptBytes = corruptBytes
        self.goodputBps = goodputBps
        self.duplicatesDropped = duplicatesDropped
        self.deliveryOrderViolations = deliveryOrderViolations
        self.reorderHighWaterPackets = reorderHighWaterPackets
        self.reorderHighWaterBytes = reorderHighWaterBytes
        self.paths = paths
        self.failure = failure
    }

    /// What makes this run unacceptable, if anything: every byte must be delivered, verified and in order.
    public var problem: String? {
        if let failure { return failure }
        if corruptBytes > 0 { return "\(corruptBytes) corrupt bytes" }
        if deliveryOrderViolations > 0 { return "\(deliveryOrderViolations) delivery-order violations" }
        if deliveredBytes == 0 { return "nothing delivered" }
        if verifiedBytes < deliveredBytes { return "\(deliveredBytes - verifiedBytes) bytes delivered unverified" }
        if let expectedBytes, deliveredBytes != expectedBytes {
            return "\(deliveredBytes) of \(expectedBytes) bytes delivered"
        }
        return nil
    }
}

/// How one scheduler aggregates one case: all paths together against the sum of their rates and
/// against the best path alone. Nil where a run is missing or failed.
public struct AggregationSummary: Sendable, Equatable, Codable {
    public var caseName: String
    public var scheduler: SchedulerKind
    public var sumOfRatesBps: Double
    public var bestAloneBps: Double?
    public var aggregateBps: Double?
    public var aggregateToSumOfRates: Double?
    public var aggregateToBestAlone: Double?

    public init(case testCase: AggregationCase, scheduler: SchedulerKind, runs: [AggregationRun]) {
        caseName = testCase.name
        self.scheduler = scheduler
        sumOfRatesBps = testCase.sumOfRatesBps
        func goodput(_ subset: AggregationSubset) -> Double? {
            runs.first { $0.caseName == testCase.name && $0.scheduler == scheduler && $0.subset == subset }
                .flatMap { $0.problem == nil ? $0.goodputBps : nil }
        }
        let alone = testCase.paths.indices.map { goodput(.alone($0 + 1)) }
        bestAloneBps = alone.contains(nil) ? nil : alone.compactMap { $0 }.max()
        aggregateBps = goodput(.all)
        aggregateToSumOfRates = aggregateBps.flatMap { sumOfRatesBps > 0 ? $0 / sumOfRatesBps : nil }
        aggregateToBestAlone = aggregateBps.flatMap { all in bestAloneBps.flatMap { $0 > 0 ? all / $0 : nil } }
    }
}

/// The whole of `kwiktop bench --aggregation`: what was asked and every run made so far, in run order.
public struct AggregationReport: Sendable, Equatable, Codable {
    public var cases: [AggregationCase]
    public var schedulers: [SchedulerKind]
    public var bound: AggregationBound
    public var packetSize: Int
    public var runs: [AggregationRun]

    public init(
        cases: [AggregationCase], schedulers: [SchedulerKind], bound: AggregationBound, packetSize: Int,
        runs: [AggregationRun] = []
    ) {
        self.cases = cases
        self.schedulers = schedulers
        self.bound = bound
        self.packetSize = packetSize
        self.runs = runs
    }

    /// Every run asked for, in the order they are made: case by case, scheduler by scheduler, each
    /// path alone then all.
    public var plan: [AggregationPosition] {
        cases.indices.flatMap { index in
            schedulers.flatMap { scheduler in
                cases[index].subsets.map { AggregationPosition(caseIndex: index, scheduler: scheduler, subset: $0) }
            }
        }
    }

    public func run(at position: AggregationPosition) -> AggregationRun? {
        let name = cases[position.caseIndex].name
        return runs.first { $0.caseName == name && $0.scheduler == position.scheduler && $0.subset == position.subset }
    }

    public var summaries: [AggregationSummary] {
        cases.flatMap { testCase in
            schedulers.map { AggregationSummary(case: testCase, scheduler: $0, runs: runs) }
        }
    }

    /// The first unacceptable run, named, if any.
    public var problem: String? {
        runs.lazy.compactMap { run in
            run.problem.map { "\(run.caseName) \(run.subset) \(run.scheduler.rawValue): \($0)" }
        }.first
    }
}

/// Where one run stands in a report's plan.
public struct AggregationPosition: Sendable, Hashable, Codable {
    public var caseIndex: Int
    public var scheduler: SchedulerKind
    public var subset: AggregationSubset

    public init(caseIndex: Int, scheduler: SchedulerKind, subset: AggregationSubset) {
        self.caseIndex = caseIndex
        self.scheduler = scheduler
        self.subset = subset
    }
}
