/// The kernel's MPTCP connections (`kwiktop mptcp --metrics-port`). Connections are labelled by
/// their token (`connection`); a subflow also by its two ends.
extension Families {
    public static let mptcpConnectionInfo = Family(
        "kwik_mptcp_connection_info", "MPTCP connection ends, state and owning process (labels), always 1.")
    public static let mptcpConnectionSubflows = Family(
        "kwik_mptcp_connection_subflows", "Subflows the kernel reports for the connection.")
    public static let mptcpConnectionFallback = Family(
        "kwik_mptcp_connection_fallback", "1 when the connection fell back to plain TCP.")
    public static let mptcpSubflowInfo = Family(
        "kwik_mptcp_subflow_info", "Subflow interface, endpoint ids, flags and TCP state (labels), always 1.")
    public static let mptcpSubflowRxBytes = Family(
        "kwik_mptcp_subflow_rx_bytes_total", "Bytes received on the subflow (tcpi_bytes_received).")
    public static let mptcpSubflowTxBytes = Family(
        "kwik_mptcp_subflow_tx_bytes_total", "Bytes sent on the subflow and acknowledged (tcpi_bytes_acked).")
    public static let mptcpSubflowSRTT = Family("kwik_mptcp_subflow_srtt_seconds", "Smoothed RTT of the subflow.")
    public static let mptcpSubflowRTTVariance = Family(
        "kwik_mptcp_subflow_rttvar_seconds", "RTT variation of the subflow.")
    public static let mptcpSubflowMinRTT = Family("kwik_mptcp_subflow_min_rtt_seconds", "Minimum RTT of the subflow.")
    public static let mptcpSubflowCongestionWindow = Family(
        "kwik_mptcp_subflow_cwnd_segments", "Congestion window of the subflow, in segments.")
    public static let mptcpSubflowPacingRate = Family(
        "kwik_mptcp_subflow_pacing_rate_bps", "Pacing rate of the subflow, in bits per second.")
    public static let mptcpSubflowRetransmits = Family(
        "kwik_mptcp_subflow_retransmits_total", "Segments the subflow retransmitted.")
    public static let mptcpSubflowLost = Family(
        "kwik_mptcp_subflow_lost_segments", "Segments the subflow holds as lost now.")
    public static let mptcpSubflowReordering = Family(
        "kwik_mptcp_subflow_reordering_segments", "Reordering the subflow's TCP tolerates, in segments.")
    public static let mptcpSubflowBackup = Family("kwik_mptcp_subflow_backup", "1 when the subflow is a backup.")
    public static let mptcpSubflowLastReceiveAge = Family(
        "kwik_mptcp_subflow_last_receive_age_seconds", "Time since data last arrived on the subflow.")

    public static let mptcp: [Family] = [
        mptcpConnectionInfo, mptcpConnectionSubflows, mptcpConnectionFallback, mptcpSubflowInfo, mptcpSubflowRxBytes,
        mptcpSubflowTxBytes, mptcpSubflowSRTT, mptcpSubflowRTTVariance, mptcpSubflowMinRTT,
        mptcpSubflowCongestionWindow, mptcpSubflowPacingRate, mptcpSubflowRetransmits, mptcpSubflowLost,
        mptcpSubflowReordering, mptcpSubflowBackup, mptcpSubflowLastReceiveAge,
    ]
}
