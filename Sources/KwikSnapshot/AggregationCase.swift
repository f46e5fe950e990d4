/// One shaped path of an aggregation case: what the server's sends on it are limited to.
public struct AggregationPath: Sendable, Equatable, Codable {
    /// Bits per second.
    public var rateBps: Double
    /// One-way delay added to what the server sends, microseconds.
    public var oneWayDelayMicros: Double

    public init(rateBps: Double, oneWayDelayMicros: Double) {
        self.rateBps = rateBps
        self.oneWayDelayMicros = oneWayDelayMicros
    }
}

/// A set of heterogeneous paths `kwiktop bench --aggregation` measures each alone and all together,
/// named as written on the command line (`50mbit/15ms+5mbit/150ms`).
public struct AggregationCase: Sendable, Equatable, Codable {
    public var name: String
    public var paths: [AggregationPath]

    public init(name: String, paths: [AggregationPath]) {
        self.name = name
        self.paths = paths
    }

    public var sumOfRatesBps: Double { paths.reduce(0) { $0 + $1.rateBps } }

    /// The runs of this case for one scheduler, in the order they are made: each path alone, then all.
    public var subsets: [AggregationSubset] { paths.indices.map { .alone($0 + 1) } + [.all] }

    /// Path positions (1-based) a subset uses.
    public func positions(of subset: AggregationSubset) -> [Int] {
        switch subset {
        case .alone(let position): [position]
        case .all: Array(1...paths.count)
        }
    }

    /// What a subset's paths can carry at most: the sum of their rates.
    public func rateBps(of subset: AggregationSubset) -> Double {
        positions(of: subset).reduce(0) { $0 + paths[$1 - 1].rateBps }
    }
}

/// Which paths of a case one run uses: one of them as the only path of its session, or all of them.
public enum AggregationSubset: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The case's path at this position, from 1.
    case alone(Int)
    case all

    public var description: String {
        switch self {
        case .alone(let position): "path \(position)"
        case .all: "all"
        }
    }

    /// Written as its description (`"path 2"`, `"all"`), so the JSON reads like the table.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        if text == "all" {
            self = .all
        } else if text.hasPrefix("path "), let position = Int(text.dropFirst(5)), position >= 1 {
            self = .alone(position)
        } else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is neither \"all\" nor \"path N\"")
        }
    }
}

/// What bounds each run: a measured interval after a warm-up, or a byte count timed from start to completion.
public enum AggregationBound: Sendable, Equatable, Codable {
    case timed(warmupSeconds: Double, durationSeconds: Double)
    case bytes(count: UInt64)
}
