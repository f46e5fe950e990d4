import NIOCore

/// Egress shaping of one path, because loopback is too perfect: a fixed delay, jitter on top of it,
/// and a rate limit. Written `delay=20ms,jitter=2ms,rate=200mbit`.
public struct ImpairmentProfile: Sendable, Equatable, CustomStringConvertible {
    public var delay: TimeAmount = .zero
    public var jitter: TimeAmount = .zero
    /// Bits per second; nil is unlimited.
    public var rate: Double?

    public init(delay: TimeAmount = .zero, jitter: TimeAmount = .zero, rate: Double? = nil) {
        self.delay = delay
        self.jitter = jitter
        self.rate = rate
    }

    public var description: String {
        var parts: [String] = []
        if delay != .zero { parts.append("delay=\(Self.format(delay))") }
        if jitter != .zero { parts.append("jitter=\(Self.format(jitter))") }
        if let rate { parts.append("rate=\(Self.format(rate))") }
        return parts.isEmpty ? "none" : parts.joined(separator: ",")
    }

    /// Parses `ID:key=value,…` as given to `--profile`; the error names the bad part.
    public static func parse(assignment text: String) throws -> (path: Int, profile: ImpairmentProfile) {
        guard let colon = text.firstIndex(of: ":") else {
            throw ProfileError("'\(text)' must be PATH:key=value,… (e.g. 3:delay=20ms,jitter=2ms,rate=200mbit)")
        }
        guard let path = Int(text[..<colon]), path >= 1 else {
            throw ProfileError("'\(text[..<colon])' is not a path id (1, 2, …)")
        }
        return (path, try parse(String(text[text.index(after: colon)...])))
    }

    public static func parse(_ text: String) throws -> ImpairmentProfile {
        var profile = ImpairmentProfile()
        guard !text.isEmpty else { throw ProfileError("empty profile") }
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { throw ProfileError("'\(part)' must be key=value") }
            switch pair[0] {
            case "delay":
                profile.delay = try duration(pair[1], part)
            case "jitter":
                profile.jitter = try duration(pair[1], part)
            case "rate":
                profile.rate = try rate(pair[1], part)
            default:
                throw ProfileError("unknown key '\(pair[0])' in '\(part)' (use delay, jitter, rate)")
            }
        }
        return profile
    }

    static func duration(_ text: String, _ part: Substring) throws -> TimeAmount {
        let units: [(String, Double)] = [("ms", 1e6), ("us", 1e3), ("µs", 1e3), ("ns", 1), ("s", 1e9)]
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            if let value = Double(text.dropLast(suffix.count)), value >= 0, value <= 60 * 1e9 / factor {
                return .nanoseconds(Int64(value * factor))
            }
            break
        }
        throw ProfileError("'\(part)': '\(text)' is not a duration such as 20ms, 500us or 1s")
    }

    /// Bits per second written as `200mbit`, `1gbit` or `500kbit`; `part` names it in the error.
    public static func rate(_ text: String, _ part: Substring) throws -> Double {
        let lower = text.lowercased()
        let units: [(String, Double)] = [("gbit", 1e9), ("mbit", 1e6), ("kbit", 1e3), ("bit", 1)]
        for (suffix, factor) in units where lower.hasSuffix(suffix) {
            if let value = Double(lower.dropLast(suffix.count)), value > 0 { return value * factor }
            break
        }
        throw ProfileError("'\(part)': '\(text)' is not a rate such as 200mbit, 1gbit or 500kbit")
    }

    private static func format(_ amount: TimeAmount) -> String {
        let nanos = amount.nanoseconds
        if nanos % 1_000_000 == 0 { return "\(nanos / 1_000_000)ms" }
        return "\(nanos / 1000)us"
    }

    private static func format(_ rate: Double) -> String {
        if rate >= 1e9 { return "\(rate / 1e9)gbit" }
        if rate >= 1e6 { return "\(rate / 1e6)mbit" }
        return "\(rate / 1e3)kbit"
    }
}

public struct ProfileError: Error, CustomStringConvertible, Equatable {
    public let description: String
    init(_ description: String) { self.description = description }
}
