import Foundation
import KwikSnapshot
import KwikTestSupport
import Testing

/// The NDJSON lines of `--headless`, compared with `Golden/`. Run with `KWIK_RECORD_SNAPSHOTS=1` to
/// rewrite the file after an intended change (then review the diff).
struct SnapshotJSONTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Golden/four-paths.ndjson")

    /// An interval line with rates over the last second, then the final line with rates over the run.
    static func lines() throws -> String {
        var history = ThroughputHistory()
        for step in 0...7 { history.record(SnapshotFixtures.snapshot(paths: 4, step: step)) }
        let snapshot = SnapshotFixtures.snapshot(paths: 4, step: 7)
        var failed = snapshot
        failed.state = .failed
        failed.failureReason = "every path was lost and none rejoined"
        failed.peer = PeerReport(
            deliveredBytes: 10, verifiedBytes: 10, corruptBytes: 0, deliveryOrderViolations: 0, duplicatesDropped: 1,
            orderingViolations: 2)
        return try [
            SnapshotJSON.line(snapshot, rates: history.rates(over: 1)),
            SnapshotJSON.line(failed, rates: history.sessionRates, final: true),
        ].joined(separator: "\n") + "\n"
    }

    @Test func linesMatchTheGoldenFile() throws {
        let actual = try Self.lines()
        if ProcessInfo.processInfo.environment["KWIK_RECORD_SNAPSHOTS"] == "1" {
            try actual.write(to: Self.golden, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: Self.golden, encoding: .utf8)
        #expect(actual == expected)
    }

    @Test func eachLineIsOneJSONObjectWithTheFieldsScriptsRead() throws {
        for line in try Self.lines().split(separator: "\n") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            for key in [
                "final", "time", "goodput_bps", "delivered_bytes", "verified_bytes", "failovers_total", "paths",
            ] {
                #expect(object[key] != nil, "missing \(key)")
            }
            let paths = try #require(object["paths"] as? [[String: Any]])
            for key in ["id", "rx_bps", "tx_bps", "share", "rx_packets", "delivered_bytes", "blackholed"] {
                #expect(paths.allSatisfy { $0[key] != nil }, "missing paths[].\(key)")
            }
        }
    }

    @Test func aValueJSONCannotHoldIsAnError() {
        let rates = ThroughputRates(goodputBps: .infinity)
        let snapshot = SnapshotFixtures.snapshot(paths: 1)
        #expect(throws: EncodingError.self) { try SnapshotJSON.line(snapshot, rates: rates) }
    }
}
