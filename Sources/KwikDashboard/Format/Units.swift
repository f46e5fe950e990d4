/// Human-readable numbers for the dashboard: SI prefixes for rates, binary prefixes for byte counts,
/// µs/ms/s for latencies. Hand-rolled rather than `String(format:)` so a frame formats quickly and
/// identically on every platform.
public enum Units {
    /// Bits per second with three significant digits: `812 Mbit/s`, `1.24 Gbit/s`.
    public static func rate(_ bitsPerSecond: Double) -> String {
        let prefixes = ["bit/s", "kbit/s", "Mbit/s", "Gbit/s", "Tbit/s"]
        var value = bitsPerSecond.isFinite ? max(0, bitsPerSecond) : 0
        var index = 0
        while index < prefixes.count - 1 && significant(value) >= 1000 {
            value /= 1000
            index += 1
        }
        if index == 0 { return "\(Int(value.rounded())) bit/s" }
        return "\(significant(value, digits: 3)) \(prefixes[index])"
    }

    /// Bytes with binary prefixes: `812 B`, `12.4 KiB`, `1.5 GiB`.
    public static func bytes(_ count: UInt64) -> String {
        if count < 1024 { return "\(count) B" }
        let prefixes = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var value = Double(count) / 1024
        var index = 0
        while index < prefixes.count - 1 && value.rounded() >= 1024 {
            value /= 1024
            index += 1
        }
        return "\(fixed(value, decimals: value < 99.95 ? 1 : 0)) \(prefixes[index])"
    }

    /// A duration given in microseconds: `412 µs`, `18.2 ms`, `1.25 s`.
    public static func microseconds(_ micros: Double) -> String {
        let value = micros.isFinite ? max(0, micros) : 0
        if value < 999.5 { return "\(Int(value.rounded())) µs" }
        if value < 999_950 { return "\(significant(value / 1000, digits: 3)) ms" }
        return "\(significant(value / 1_000_000, digits: 3)) s"
    }

    /// A duration given in milliseconds (failover resume times).
    public static func milliseconds(_ millis: Double) -> String { microseconds(millis * 1000) }

    /// A fraction in 0...1 as a percentage: `99.98 %`.
    public static func percent(_ fraction: Double, decimals: Int = 1) -> String {
        "\(fixed((fraction.isFinite ? fraction : 0) * 100, decimals: decimals)) %"
    }

    /// Elapsed time as `42.0s`, `12:04` or `3:12:04`.
    public static func uptime(_ seconds: Double) -> String {
        let value = seconds.isFinite ? max(0, seconds) : 0
        if value < 60 { return "\(fixed(value, decimals: 1))s" }
        let total = Int(value)
        let hours = total / 3600, minutes = (total / 60) % 60, secs = total % 60
        let mmss = "\(twoDigits(minutes)):\(twoDigits(secs))"
        return hours > 0 ? "\(hours):\(mmss)" : "\(minutes):\(twoDigits(secs))"
    }

    /// Counts with thousands compacted: `812`, `12.4k`, `3.10M`.
    public static func count(_ value: UInt64) -> String {
        if value < 10_000 { return "\(value)" }
        let prefixes = ["k", "M", "G", "T", "P", "E"]
        var scaled = Double(value) / 1000
        var index = 0
        while index < prefixes.count - 1 && significant(scaled) >= 1000 {
            scaled /= 1000
            index += 1
        }
        return "\(significant(scaled, digits: 3))\(prefixes[index])"
    }

    /// `value` with `digits` significant digits (for values in 1..<1000).
    static func significant(_ value: Double, digits: Int = 3) -> String {
        let decimals = value < 9.995 ? digits - 1 : value < 99.95 ? digits - 2 : max(0, digits - 3)
        return fixed(value, decimals: decimals)
    }

    /// The value as rounded for display with three significant digits (to decide on a prefix).
    private static func significant(_ value: Double) -> Double {
        let decimals = value < 9.995 ? 2 : value < 99.95 ? 1 : 0
        let scale = pow10(decimals)
        return (value * scale).rounded() / scale
    }

    /// `value` rounded to `decimals` places, with trailing zeros kept.
    static func fixed(_ value: Double, decimals: Int) -> String {
        let scale = pow10(decimals)
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e18 else { return value < 0 ? "-∞" : "∞" }
        let units = UInt64(scaled)
        let divisor = UInt64(scale)
        let whole = units / divisor
        let sign = value < 0 && units > 0 ? "-" : ""
        guard decimals > 0 else { return "\(sign)\(whole)" }
        var fraction = String(units % divisor)
        while fraction.count < decimals { fraction = "0" + fraction }
        return "\(sign)\(whole).\(fraction)"
    }

    private static func pow10(_ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<max(0, exponent) { result *= 10 }
        return result
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
