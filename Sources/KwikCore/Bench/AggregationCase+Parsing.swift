import KwikSnapshot
import NIOCore

extension AggregationCase {
    /// The default case list: the delay pairs of the kernel's MPTCP selftest `simult_flows.sh` at its
    /// unbalanced rates and an even pair, then faster and farther links, and four paths.
    public static let defaults: [AggregationCase] = [
        "15mbit/1ms+5mbit/25ms", "15mbit/0ms+5mbit/0ms", "15mbit/25ms+5mbit/1ms", "10mbit/0ms+10mbit/0ms",
        "150mbit/1ms+50mbit/25ms", "300mbit/10ms+80mbit/30ms", "50mbit/15ms+5mbit/150ms",
        "400mbit/2ms+200mbit/10ms+100mbit/30ms+50mbit/60ms",
    ].map { try! AggregationCase(parsing: $0) }

    /// Parses `RATE/DELAY+RATE/DELAY…` (`50mbit/15ms+5mbit/150ms`; a path without `/DELAY` has none),
    /// in `--profile`'s units; the error names the bad part. A case has at least two paths.
    public init(parsing text: String) throws(ProfileError) {
        let parts = text.split(separator: "+", omittingEmptySubsequences: false)
        guard parts.count >= 2 else {
            throw ProfileError(
                "'\(text)' must be two or more RATE/DELAY paths joined by + (e.g. 50mbit/15ms+5mbit/150ms)")
        }
        var paths: [AggregationPath] = []
        for part in parts {
            let fields = part.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard (1...2).contains(fields.count), !fields[0].isEmpty else {
                throw ProfileError("'\(part)' in '\(text)' must be RATE/DELAY (e.g. 50mbit/15ms)")
            }
            let rate: Double
            let delay: TimeAmount
            do {
                rate = try ImpairmentProfile.rate(fields[0], part)
                delay = fields.count == 2 ? try ImpairmentProfile.duration(fields[1], part) : .zero
            } catch let error as ProfileError {
                throw error
            } catch {
                throw ProfileError("'\(part)': \(error)")
            }
            paths.append(AggregationPath(rateBps: rate, oneWayDelayMicros: Double(delay.nanoseconds) / 1e3))
        }
        self.init(name: text, paths: paths)
    }

    /// The server's shaping of the path at each position, from 1.
    func profile(at position: Int) -> ImpairmentProfile {
        let path = paths[position - 1]
        return ImpairmentProfile(delay: .nanoseconds(Int64(path.oneWayDelayMicros * 1e3)), rate: path.rateBps)
    }
}
