import KwikExport
import KwikSnapshot
import Synchronization
import Testing

@Suite struct MPTCPSeriesTests {
    final class Reports: Sendable {
        let report: Mutex<MPTCPReport?>
        init(_ report: MPTCPReport?) { self.report = Mutex(report) }
        func set(_ report: MPTCPReport?) { self.report.withLock { $0 = report } }
        var exporter: PrometheusExporter {
            PrometheusExporter(snapshots: { [] }, mptcp: { self.report.withLock { $0 } })
        }
    }

    static func report(txBytes: UInt64, backup: Bool = false) -> MPTCPReport {
        var subflow = MPTCPReport.Subflow(
            local: "10.0.2.2:40001", remote: "192.0.2.1:5201", interface: "usb0", localId: 1, remoteId: 0,
            backup: backup, join: true)
        subflow.rxBytes = 4_096
        subflow.txBytes = txBytes
        subflow.srttUs = 25_000
        subflow.rttvarUs = 3_000
        subflow.minRttUs = 20_000
        subflow.cwnd = 33
        subflow.pacingRateBps = 96e6
        subflow.retransmits = 7
        subflow.lost = 1
        subflow.reordering = 3
        subflow.lastDataReceivedMs = 250
        let connection = MPTCPReport.Connection(
            local: "10.0.1.2:40000", remote: "192.0.2.1:5201", token: "e8f8e520", pid: 4242, command: "iperf3",
            subflows: [subflow])
        return MPTCPReport(time: 1, connections: [connection])
    }

    let connection = #"connection="e8f8e520""#
    let subflow = #"connection="e8f8e520",local="10.0.2.2:40001",remote="192.0.2.1:5201""#

    @Test func everyMPTCPFamilyAppearsInBaseUnits() {
        let exporter = Reports(Self.report(txBytes: 1_000_000)).exporter
        let text = String(decoding: exporter.scrape(), as: UTF8.self)
        for family in Families.mptcp { #expect(text.contains("# TYPE \(family.name) "), "\(family.name)") }
        let values = samples(exporter)
        #expect(
            values[
                #"kwik_mptcp_connection_info{connection="e8f8e520",local="10.0.1.2:40000",remote="192.0.2.1:5201",state="ESTAB",process="iperf3/4242"}"#
            ] == 1)
        #expect(values["kwik_mptcp_connection_subflows{\(connection)}"] == 1)
        #expect(values["kwik_mptcp_subflow_tx_bytes_total{\(subflow)}"] == 1_000_000)
        #expect(values["kwik_mptcp_subflow_srtt_seconds{\(subflow)}"] == 0.025)
        #expect(values["kwik_mptcp_subflow_pacing_rate_bps{\(subflow)}"] == 96e6)
        #expect(values["kwik_mptcp_subflow_last_receive_age_seconds{\(subflow)}"] == 0.25)
        #expect(values["kwik_mptcp_subflow_backup{\(subflow)}"] == 0)
    }

    /// Counters follow the kernel's; a connection that closed leaves no series.
    @Test func seriesFollowTheKernel() {
        let reports = Reports(Self.report(txBytes: 1_000))
        let exporter = reports.exporter
        _ = exporter.scrape()
        reports.set(Self.report(txBytes: 5_000, backup: true))
        var values = samples(exporter)
        #expect(values["kwik_mptcp_subflow_tx_bytes_total{\(subflow)}"] == 5_000)
        #expect(values["kwik_mptcp_subflow_backup{\(subflow)}"] == 1)
        reports.set(MPTCPReport(time: 2, connections: []))
        values = samples(exporter)
        #expect(!values.keys.contains { $0.hasPrefix("kwik_mptcp_") })
    }
}
