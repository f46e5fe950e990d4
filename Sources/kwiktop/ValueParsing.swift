import ArgumentParser
import KwikCore
import KwikSnapshot
import NIOCore

/// `256MiB`, `1GiB`, `4096`, `10MB`.
struct ByteCount: ExpressibleByArgument {
    let bytes: UInt64
    /// As written, for `--help`.
    let defaultValueDescription: String

    init?(argument: String) {
        defaultValueDescription = argument
        let units: [(String, UInt64)] = [
            ("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("TiB", 1 << 40),
            ("KB", 1_000), ("MB", 1_000_000), ("GB", 1_000_000_000), ("K", 1 << 10), ("M", 1 << 20), ("G", 1 << 30),
            ("B", 1),
        ]
        let text = argument.trimmingPrefix(" ")
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            guard let value = Double(text.dropLast(suffix.count)), value >= 0, value * Double(factor) < 0x1p64
            else { return nil }
            bytes = UInt64(value * Double(factor))
            return
        }
        guard let value = UInt64(text) else { return nil }
        bytes = value
    }
}

/// `1s`, `2500ms`, `1.5s`, `2m`, `300us`.
struct Duration: ExpressibleByArgument, Comparable {
    let nanoseconds: Int64
    /// As written, for `--help`.
    let defaultValueDescription: String

    init?(argument: String) {
        defaultValueDescription = argument
        let units: [(String, Double)] = [
            ("ms", 1e6), ("us", 1e3), ("µs", 1e3), ("ns", 1), ("s", 1e9), ("m", 60e9), ("h", 3600e9),
        ]
        for (suffix, factor) in units where argument.hasSuffix(suffix) {
            guard let value = Double(argument.dropLast(suffix.count)), value >= 0, value * factor < 0x1p63
            else { return nil }
            nanoseconds = Int64(value * factor)
            return
        }
        return nil
    }

    var timeAmount: TimeAmount { .nanoseconds(nanoseconds) }
    var seconds: Double { Double(nanoseconds) / 1e9 }

    static func < (lhs: Duration, rhs: Duration) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    static func == (lhs: Duration, rhs: Duration) -> Bool { lhs.nanoseconds == rhs.nanoseconds }
}

/// `300mbit`, `1.5gbit`, `500kbit` (as in `--profile`): bits per second, kept as bytes per second.
struct BitRate: ExpressibleByArgument {
    let bytesPerSecond: UInt64

    init?(argument: String) {
        guard let bits = try? ImpairmentProfile.rate(argument, "rate"), bits / 8 < 0x1p63 else { return nil }
        bytesPerSecond = UInt64(bits / 8)
    }

    static var defaultValueDescription: String { "RATE" }
}

/// `--at TIME:ACTION:PATH`, e.g. `1s:disable:2`.
struct ScriptedAction: ExpressibleByArgument {
    let at: Duration
    let action: PathAction
    let path: Int

    init?(argument: String) {
        let parts = argument.split(separator: ":").map(String.init)
        guard parts.count == 3, let at = Duration(argument: parts[0]), let action = PathAction(rawValue: parts[1]),
            let path = Int(parts[2]), path >= 1
        else { return nil }
        self.at = at
        self.action = action
        self.path = path
    }

    static var defaultValueDescription: String { "TIME:ACTION:PATH" }
}

extension SchedulerKind: ExpressibleByArgument {}

enum WorkloadDirection: String, ExpressibleByArgument, CaseIterable {
    case download, upload, both

    var wire: SessionParameters.Direction {
        switch self {
        case .download: .download
        case .upload: .upload
        case .both: .both
        }
    }
}
