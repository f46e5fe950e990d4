import KwikDashboard

/// What else makes a timed run (`--duration`) a failure. It has no byte count that must all be
/// verified, so a run whose data never reached the peer, or that stood still, would otherwise pass.
struct TimedRunVerdict {
    /// The longest stall a run may have, in seconds.
    let maxStall: Double

    /// Every reason found, in one line; nil when the run was honest.
    func problem(unacknowledgedBytes: UInt64, stalls: StallMeter) -> String? {
        var problems: [String] = []
        if unacknowledgedBytes > 0 {
            problems.append("\(Units.bytes(unacknowledgedBytes)) sent but never acknowledged")
        }
        if let stall = stalls.longest, stall.seconds > maxStall {
            problems.append(
                "no data \(stall.direction.rawValue) for \(Self.seconds(stall.seconds)) (bound \(Self.seconds(maxStall)))"
            )
        }
        return problems.isEmpty ? nil : problems.joined(separator: "; ")
    }

    private static func seconds(_ value: Double) -> String { Units.microseconds(value * 1e6) }
}
