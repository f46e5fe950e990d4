import Foundation
import KwikSnapshot
import KwikTestSupport
import Testing

/// The NDJSON lines of `--headless`, compared with `Golden/`. Run with `KWIK_RECORD_SNAPSHOTS=1` to
/// rewrite the file after an intended change (then review the diff).
struct SnapshotJSONTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Golden/four-paths.ndjson")

    /// An interval line with rates over the last second, then the final line of a run that ended half
    /// a second before it was printed, with path rates over the run.
    static func lines() throws -> String {
        var history = ThroughputHistory()
        for step in 0...7 { history.record(SnapshotFixtures.snapshot(paths: 4, step: step)) }
        let snapshot = SnapshotFixtures.snapshot(paths: 4, step: 7)
        var failed = snapshot
        failed.state = .failed
        failed.failureReason = "every path was lost and none rejoined"
        failed.endedAt = snapshot.uptime - 0.5
        failed.paths[0].sending = SendingModel(
            inFlightTargetBytes: 48_000, deliveryRateBps: 9.6e8, minRTT: 400, smoothedRTT: 650, headOfLineSeconds: 0.25,
            opportunisticReinjections: 3)
        failed.paths[0].binding = PathBinding(local: "10.0.1.1:50000", interface: "wlan0")
        failed.paths[1].state = .reconnecting
        failed.paths[1].reconnect = ReconnectStatus(attempt: 3, nextIn: 0.75, lastError: "timed out")
        failed.peerWindowPackets = 256
        failed.windowLimitedSeconds = 0.125
        failed.peer = PeerReport(
            deliveredBytes: 10, verifiedBytes: 10, corruptBytes: 0, deliveryOrderViolations: 0, duplicatesDropped: 1,
            orderingViolations: 2)
        return try [
            SnapshotJSON.line(snapshot, rates: history.rates(over: 1)),
            SnapshotJSON.line(failed, rates: history.sessionRates, recent: history.rates(over: 1), final: true),
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
                "final", "time", "goodput_bps", "recent_goodput_bps", "run_seconds", "delivered_bytes",
                "verified_bytes", "failovers_total", "paths", "receive_window_packets", "receive_window_bytes",
                "receive_window_budget_packets", "receive_window_budget_bytes", "peer_window_packets",
                "window_limited_ms",
            ] {
                #expect(object[key] != nil, "missing \(key)")
            }
            let paths = try #require(object["paths"] as? [[String: Any]])
            for key in [
                "id", "rx_bps", "tx_bps", "share", "rx_packets", "delivered_bytes", "blackholed",
                "inflight_target_bytes",
                "delivery_rate_bps", "hol_blocking_ms", "opportunistic_reinjections",
            ] {
                #expect(paths.allSatisfy { $0[key] != nil }, "missing paths[].\(key)")
            }
        }
    }

    @Test func aPathShowsItsLocalEndAndItsReconnectState() throws {
        let final = try #require(try Self.lines().split(separator: "\n").last)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(final.utf8)) as? [String: Any])
        let paths = try #require(object["paths"] as? [[String: Any]])
        #expect(paths[0]["local_address"] as? String == "10.0.1.1:50000")
        #expect(paths[0]["interface"] as? String == "wlan0")
        #expect(paths[0]["reconnect"] == nil)
        let reconnect = try #require(paths[1]["reconnect"] as? [String: Any])
        #expect(reconnect["attempt"] as? Int == 3)
        #expect(reconnect["next_in_s"] as? Double == 0.75)
        #expect(reconnect["last_error"] as? String == "timed out")
        #expect(reconnect["summary"] as? String == "reconnecting (attempt 3, next in 0.8 s: timed out)")
    }

    @Test func aReconnectSummarySaysWhereItStands() {
        #expect(ReconnectStatus(attempt: 1, nextIn: 2).summary == "reconnecting (attempt 1, next in 2.0 s)")
        #expect(
            ReconnectStatus(attempt: 4, lastError: "connection refused").summary
                == "reconnecting (attempt 4 under way: connection refused)")
        #expect(
            ReconnectStatus(attempt: 0, lastError: "interface usb0 is gone").summary
                == "waiting (interface usb0 is gone)")
        #expect(
            ReconnectStatus(attempt: 2, nextIn: 0.25, lastError: "timed out").compact == "try 2 in 0.3 s: timed out")
        #expect(ReconnectStatus(attempt: 2).compact == "try 2 now")
    }

    /// Scripts take the final line's `goodput_bps` as the run's result: delivered bytes over the run's
    /// time (start to end of the session), not the last second's rate nor a time that includes the wait
    /// before the line was printed.
    @Test func goodputIsTheRunsAndTheLastSecondHasItsOwnKey() throws {
        let lines = try Self.lines().split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        let snapshot = SnapshotFixtures.snapshot(paths: 4, step: 7)
        for (line, run) in zip(lines, [snapshot.uptime, snapshot.uptime - 0.5]) {
            #expect(line["run_seconds"] as? Double == run)
            let goodput = try #require(line["goodput_bps"] as? Double)
            #expect(abs(goodput - Double(snapshot.deliveredBytes) * 8 / run) < 1e-3)
        }
        var history = ThroughputHistory()
        for step in 0...7 { history.record(SnapshotFixtures.snapshot(paths: 4, step: step)) }
        for line in lines {
            #expect(line["recent_goodput_bps"] as? Double == history.rates(over: 1).goodputBps)
        }
        let peer = try #require(lines[0]["peer"] as? [String: Any])
        let peerPaths = try #require(peer["paths"] as? [[String: Any]])
        #expect(peerPaths.map { $0["id"] as? Int } == [1, 2, 3])
        #expect(peerPaths[0]["model_min_rtt_us"] as? Double == 380)
    }

    @Test func aValueJSONCannotHoldIsAnError() {
        let rates = ThroughputRates(goodputBps: .infinity)
        let snapshot = SnapshotFixtures.snapshot(paths: 1)
        #expect(throws: EncodingError.self) { try SnapshotJSON.line(snapshot, rates: rates) }
    }
}
