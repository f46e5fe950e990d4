import ArgumentParser
import KwikCore
import KwikSnapshot

/// The flags of `kwiktop bench --aggregation`: which cases, which schedulers, and what bounds a run.
struct AggregationBenchOptions: ParsableArguments {
    @Flag(help: "Measure multipath aggregation on shaped paths (each alone, then all) instead of the reader designs.")
    var aggregation = false

    @Option(
        name: .customLong("case"),
        help: ArgumentHelp(
            "A case to measure instead of the default list: RATE/DELAY paths joined by + (repeatable).",
            valueName: "50mbit/15ms+5mbit/150ms"))
    var cases: [String] = []

    @Option(
        name: .customLong("scheduler"),
        help: "Scheduler to measure (repeatable; default: the engine's default).")
    var schedulers: [SchedulerKind] = []

    @Flag(help: "Measure every scheduler.")
    var allSchedulers = false

    @Option(help: "Bound each run by bytes (e.g. 16MiB), timed from start to completion, instead of by time.")
    var bytes: ByteCount?

    func validate() throws {
        guard aggregation else {
            let used = [
                (!cases.isEmpty, "--case"), (!schedulers.isEmpty, "--scheduler"), (allSchedulers, "--all-schedulers"),
                (bytes != nil, "--bytes"),
            ]
            if let flag = used.first(where: \.0)?.1 { throw ValidationError("\(flag) needs --aggregation") }
            return
        }
        if allSchedulers && !schedulers.isEmpty {
            throw ValidationError("--all-schedulers and --scheduler exclude each other")
        }
        if let bytes, bytes.bytes == 0 { throw ValidationError("--bytes must be more than 0") }
        let parsed = try parsedCases()
        if let repeated = parsed.map(\.name).duplicate { throw ValidationError("--case \(repeated) is given twice") }
        if let repeated = schedulers.duplicate { throw ValidationError("--scheduler \(repeated) is given twice") }
        for testCase in parsed where testCase.paths.count > Self.maximumPaths {
            throw ValidationError("--case \(testCase.name): at most \(Self.maximumPaths) paths")
        }
    }

    static let maximumPaths = 16

    func parsedCases() throws -> [AggregationCase] {
        guard !cases.isEmpty else { return AggregationCase.defaults }
        return try cases.map { text in
            do {
                return try AggregationCase(parsing: text)
            } catch {
                throw ValidationError("--case \(text): \(error)")
            }
        }
    }

    func benchmarkOptions(
        warmup: Duration, duration: Duration, configuration: EngineConfiguration
    ) throws -> AggregationBenchmark.Options {
        var options = AggregationBenchmark.Options()
        options.cases = try parsedCases()
        options.schedulers =
            allSchedulers ? SchedulerKind.allCases : schedulers.isEmpty ? [EngineConfiguration().scheduler] : schedulers
        options.bound =
            bytes.map { .bytes(count: $0.bytes) }
            ?? .timed(warmupSeconds: warmup.seconds, durationSeconds: duration.seconds)
        options.configuration = configuration
        return options
    }
}

extension Array where Element: Hashable {
    /// The first element that occurs twice.
    fileprivate var duplicate: Element? {
        var seen: Set<Element> = []
        return first { !seen.insert($0).inserted }
    }
}
