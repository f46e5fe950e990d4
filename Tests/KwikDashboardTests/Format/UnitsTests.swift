@testable import KwikDashboard
import Testing

struct UnitsTests {
    static let rateCases: [(Double, String)] = [
        (0.0, "0 bit/s"), (999, "999 bit/s"), (1_000, "1.00 kbit/s"), (80_000, "80.0 kbit/s"),
        (812_000_000, "812 Mbit/s"), (999_400_000, "999 Mbit/s"), (999_600_000, "1.00 Gbit/s"),
        (1_240_000_000, "1.24 Gbit/s"), (12_500_000_000, "12.5 Gbit/s"), (-5, "0 bit/s"), (.nan, "0 bit/s"),
    ]

    @Test(arguments: rateCases)
    func rates(bitsPerSecond: Double, expected: String) {
        #expect(Units.rate(bitsPerSecond) == expected)
    }

    static let byteCases: [(UInt64, String)] = [
        (0, "0 B"), (812, "812 B"), (1024, "1.0 KiB"), (12_698, "12.4 KiB"), (1_610_612_736, "1.5 GiB"),
        (1_048_576 * 512, "512 MiB"), (1_073_741_824 * 1023, "1023 GiB"), (1_073_741_824 * 1024, "1.0 TiB"),
    ]

    @Test(arguments: byteCases)
    func bytes(count: UInt64, expected: String) {
        #expect(Units.bytes(count) == expected)
    }

    static let latencyCases: [(Double, String)] = [
        (412.0, "412 µs"), (999.4, "999 µs"), (999.6, "1.00 ms"), (18_200, "18.2 ms"), (182_000, "182 ms"),
        (1_250_000, "1.25 s"),
    ]

    @Test(arguments: latencyCases)
    func latencies(micros: Double, expected: String) {
        #expect(Units.microseconds(micros) == expected)
    }

    @Test func percentagesAndMilliseconds() {
        #expect(Units.percent(0.9998, decimals: 2) == "99.98 %")
        #expect(Units.percent(1) == "100.0 %")
        #expect(Units.percent(0.462) == "46.2 %")
        #expect(Units.milliseconds(18.4) == "18.4 ms")
    }

    @Test func uptimeAndCounts() {
        #expect(Units.uptime(42) == "42.0s")
        #expect(Units.uptime(754.2) == "12:34")
        #expect(Units.uptime(3 * 3600 + 12 * 60 + 4) == "3:12:04")
        #expect(Units.count(812) == "812")
        #expect(Units.count(12_400) == "12.4k")
        #expect(Units.count(3_100_000) == "3.10M")
        #expect(Units.count(999_999) == "1.00M")
    }
}

extension UnitsTests {
    static let axisCases: [(Double, Double, String)] = [
        (0, 0, "0"), (0.7, 0.8, "0.8"), (95, 100, "100"), (101, 120, "120"), (2.55e9, 3e9, "3G"),
        (2.4e9, 2.5e9, "2.5G"), (7.1e8, 8e8, "800M"), (1.3e6, 1.5e6, "1.5M"), (41_000, 50_000, "50k"),
        (1.2e13, 1.2e13, "12T"),
    ]

    @Test(arguments: axisCases)
    func axisTopsAreRoundAndLabelsShort(peak: Double, top: Double, label: String) {
        #expect(Units.axisTop(peak) == top)
        #expect(Units.axisRate(top) == label)
    }
}
