import KwikExport
import KwikSnapshot
import Synchronization
import Testing

/// Snapshots a test changes between scrapes.
final class Source: Sendable {
    let sessions: Mutex<[SessionSnapshot]>
    init(_ sessions: [SessionSnapshot]) { self.sessions = Mutex(sessions) }
    func set(_ sessions: [SessionSnapshot]) { self.sessions.withLock { $0 = sessions } }
    /// With `refusedJoins` or `limitHits`, the exporter of a server.
    func exporter(refusedJoins: [String: Int]? = nil, limitHits: LimitHits? = nil) -> PrometheusExporter {
        let snapshots: @Sendable () -> [SessionSnapshot] = { self.sessions.withLock { $0 } }
        var refused: (@Sendable () -> [String: Int])?
        var hits: (@Sendable () -> LimitHits)?
        if let refusedJoins { refused = { refusedJoins } }
        if let limitHits { hits = { limitHits } }
        return PrometheusExporter(snapshots: snapshots, refusedJoins: refused, limitHits: hits)
    }
}

@Suite struct PrometheusExporterTests {
    let session = #"session="00ab",role="client""#
    let path1 = #"session="00ab",role="client",path="1""#

    @Test func everyFamilyAppearsWithItsLabelsAndBaseUnits() {
        let server = Source([fixtureSnapshot()]).exporter(
            refusedJoins: ["unauthorized": 2, "limit_reached": 0],
            limitHits: LimitHits([.handshakeTimeout: 5, .payloadSize: 1, .handshakesPerSource: 3]))
        let text = String(decoding: server.scrape(), as: UTF8.self)
        for family in Families.all {
            #expect(text.contains("# TYPE \(family.name) "), "missing \(family.name)")
        }
        let values = samples(server)
        #expect(values["kwik_path_rx_bytes_total{\(path1)}"] == 1_000_000)
        #expect(values["kwik_path_pool_hits_total{\(path1)}"] == 60)
        #expect(values["kwik_path_pool_misses_total{\(path1)}"] == 1)
        #expect(values["kwik_path_pool_dropped_total{\(path1)}"] == 4)
        #expect(values["kwik_path_srtt_seconds{\(path1)}"] == 0.0025)
        #expect(values["kwik_path_in_flight_bytes{\(path1)}"] == 4096)
        #expect(values["kwik_path_state{\(path1),state=\"active\"}"] == 1)
        #expect(values["kwik_path_state{\(path1),state=\"failed\"}"] == 0)
        #expect(values[#"kwik_path_state{session="00ab",role="client",path="2",state="disabled"}"#] == 1)
        #expect(values[#"kwik_path_reinjected_bytes_total{session="00ab",role="client",path="2"}"#] == 49152)
        #expect(values["kwik_path_info{\(path1),endpoint=\"127.0.0.1:4433\"}"] == 1)
        #expect(values["kwik_path_delivered_bytes_total{\(path1)}"] == 2_000_000)
        #expect(!values.keys.contains { $0.contains("per_second") }, "rates are for rate() over the counters")
        #expect(values["kwik_session_delivered_bytes_total{\(session)}"] == 2_000_000)
        #expect(values["kwik_session_head_of_line_stall_seconds_total{\(session)}"] == 0.125)
        #expect(values["kwik_session_reorder_depth_bytes{\(session)}"] == 49152)
        #expect(values["kwik_session_limit_hits_total{\(session),limit=\"payload_size\"}"] == 1)
        #expect(values["kwik_session_limit_hits_total{\(session),limit=\"reorder_bytes\"}"] == 0)
        for serverOnly in ["sessions_per_server", "handshakes_pending", "handshakes_per_source"] {
            #expect(!values.keys.contains { $0.hasPrefix("kwik_session_limit_hits_total") && $0.contains(serverOnly) })
        }
        #expect(values["kwik_session_state{\(session),state=\"running\"}"] == 1)
        #expect(
            values["kwik_session_info{\(session),scheduler=\"minrtt\",workload=\"download\",encryption=\"plaintext\"}"]
                == 1)
        #expect(values[#"kwik_failovers_total{session="00ab",role="client",path="2",cause="disabled"}"#] == 1)
        #expect(values[#"kwik_failovers_total{session="00ab",role="client",path="2",cause="killed"}"#] == 1)
        #expect(values["kwik_failover_resume_seconds_bucket{role=\"client\",cause=\"disabled\",le=\"0.005\"}"] == 1)
        #expect(values["kwik_failover_resume_seconds_bucket{role=\"client\",cause=\"disabled\",le=\"0.0025\"}"] == 0)
        #expect(values["kwik_server_refused_joins_total{reason=\"unauthorized\"}"] == 2)
        #expect(values["kwik_server_refused_joins_total{reason=\"limit_reached\"}"] == 0)
        #expect(values["kwik_server_sessions"] == 1)
        #expect(values["kwik_server_limit_hits_total{limit=\"handshake_timeout\"}"] == 5)
        #expect(values["kwik_server_limit_hits_total{limit=\"payload_size\"}"] == 1)
        #expect(values["kwik_server_limit_hits_total{limit=\"sessions_per_server\"}"] == 0)
        #expect(values["kwik_server_limit_hits_total{limit=\"handshakes_per_source\"}"] == 3)
        #expect(values["kwik_server_limit_hits_total{limit=\"handshakes_pending\"}"] == 0)
    }

    @Test func aClientHasNoServerSeries() {
        let values = samples(Source([fixtureSnapshot()]).exporter())
        #expect(!values.keys.contains { $0.hasPrefix("kwik_server_") })
        #expect(values["kwik_session_limit_hits_total{\(session),limit=\"payload_size\"}"] == 1)
    }

    /// A long session keeps only its recent failover events: the counters follow its exact counts.
    @Test func failoverCountersFollowTheSessionsCountsNotItsRecentEvents() {
        let source = Source([
            fixtureSnapshot(failoverCounts: [
                FailoverCount(path: 1, cause: .stale, events: 900),
                FailoverCount(path: 2, cause: .disabled, events: 1000),
                FailoverCount(path: 2, cause: .killed, events: 1000),
            ])
        ])
        let values = samples(source.exporter())
        #expect(values[#"kwik_failovers_total{session="00ab",role="client",path="1",cause="stale"}"#] == 900)
        #expect(values[#"kwik_failovers_total{session="00ab",role="client",path="2",cause="disabled"}"#] == 1000)
        #expect(values[#"kwik_failovers_total{session="00ab",role="client",path="1",cause="killed"}"#] == 0)
    }

    @Test func countersNeverGoBackwardsAcrossScrapes() {
        let source = Source([fixtureSnapshot(rxBytes: 1000, delivered: 5000)])
        let exporter = source.exporter()
        #expect(samples(exporter)["kwik_path_rx_bytes_total{\(path1)}"] == 1000)
        source.set([fixtureSnapshot(rxBytes: 1500, delivered: 6000)])
        #expect(samples(exporter)["kwik_path_rx_bytes_total{\(path1)}"] == 1500)
        // The session's counters were reset: what came since is added, nothing is taken back.
        source.set([fixtureSnapshot(rxBytes: 200, delivered: 100)])
        let values = samples(exporter)
        #expect(values["kwik_path_rx_bytes_total{\(path1)}"] == 1700)
        #expect(values["kwik_session_delivered_bytes_total{\(session)}"] == 6100)
    }

    @Test func failoverHistogramObservesEachEventOnce() {
        let source = Source([fixtureSnapshot()])
        let exporter = source.exporter()
        let count = #"kwik_failover_resume_seconds_count{role="client",cause="disabled"}"#
        #expect(samples(exporter)[count] == 1)
        #expect(samples(exporter)[count] == 1)
        source.set([
            fixtureSnapshot(failovers: [
                FailoverEvent(path: 2, cause: .disabled, detectedAt: 1.0, resumedAt: 1.004),
                FailoverEvent(path: 1, cause: .disabled, detectedAt: 5.0, resumedAt: 5.5),
            ])
        ])
        let values = samples(exporter)
        #expect(values[count] == 2)
        #expect(values[#"kwik_failover_resume_seconds_sum{role="client",cause="disabled"}"#]! == 0.004 + 0.5)
        // Series of causes without events exist at 0, so the first event shows in rate().
        #expect(values[#"kwik_failover_resume_seconds_count{role="client",cause="killed"}"#] == 0)
        #expect(values[#"kwik_failovers_total{session="00ab",role="client",path="1",cause="stale"}"#] == 0)
    }

    @Test func endedSessionsLeaveNoSeries() {
        let source = Source([fixtureSnapshot(id: "00ab"), fixtureSnapshot(id: "00cd")])
        let exporter = source.exporter()
        #expect(samples(exporter).keys.contains { $0.contains(#"session="00cd""#) })
        source.set([fixtureSnapshot(id: "00ab")])
        let values = samples(exporter)
        #expect(!values.keys.contains { $0.contains(#"session="00cd""#) })
        // The resume histogram is per role: what the ended session observed stays.
        #expect(values[#"kwik_failover_resume_seconds_count{role="client",cause="disabled"}"#] == 2)
        #expect(values["kwik_path_rx_bytes_total{\(path1)}"] == 1_000_000)
    }
}
