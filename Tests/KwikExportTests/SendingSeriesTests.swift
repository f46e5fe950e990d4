import KwikExport
import KwikSnapshot
import Testing

/// The sending model is exported for the directions that carry data: a downloading client shows the
/// server's sender (from STATS) under `direction="receive"` and nothing of its own idle sender.
@Suite struct SendingSeriesTests {
    let session = #"session="00ab",role="client""#
    let received = #"session="00ab",role="client",path="1",direction="receive""#

    @Test func aDownloadingClientExportsThePeersSenderInBaseUnits() {
        let values = samples(Source([fixtureSnapshot()]).exporter())
        #expect(values["kwik_path_inflight_target_bytes{\(received)}"] == 65536)
        #expect(values["kwik_path_delivery_rate_bps{\(received)}"] == 8e8)
        #expect(values["kwik_path_model_min_rtt_seconds{\(received)}"] == 0.001)
        #expect(values["kwik_path_queueing_delay_seconds{\(received)}"] == 0.0015)
        #expect(values["kwik_path_hol_blocking_seconds_total{\(received)}"] == 0.25)
        #expect(values["kwik_path_opportunistic_reinjections_total{\(received)}"] == 3)
        #expect(values["kwik_session_receive_window_bytes{\(session)}"] == 2_097_152)
        #expect(values["kwik_session_receive_window_budget_bytes{\(session)}"] == 16_777_216)
        #expect(values["kwik_session_peer_window_bytes{\(session),direction=\"receive\"}"] == 1_048_576)
        #expect(values["kwik_session_window_limited_seconds_total{\(session),direction=\"receive\"}"] == 0.5)
        #expect(!values.keys.contains { $0.contains(#"direction="send""#) }, "the client sends nothing")
        // Path 2 is not in the peer's STATS: no figures rather than zeros.
        #expect(!values.keys.contains { $0.hasPrefix("kwik_path_delivery_rate_bps") && $0.contains(#"path="2""#) })
    }

    @Test func bothDirectionsExportOursAsSendAndThePeersAsReceive() {
        var snapshot = fixtureSnapshot()
        snapshot.workload.direction = .both
        snapshot.paths[0].sending = SendingModel(inFlightTargetBytes: 4096, deliveryRateBps: 1e6)
        let values = samples(Source([snapshot]).exporter())
        let sent = #"session="00ab",role="client",path="1",direction="send""#
        #expect(values["kwik_path_inflight_target_bytes{\(sent)}"] == 4096)
        #expect(values["kwik_path_inflight_target_bytes{\(received)}"] == 65536)
        #expect(values["kwik_path_model_min_rtt_seconds{\(sent)}"] == nil, "no sample yet: no series")
        #expect(values["kwik_session_window_limited_seconds_total{\(session),direction=\"send\"}"] == 9)
    }
}
