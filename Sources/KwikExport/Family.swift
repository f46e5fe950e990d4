import Prometheus

/// One exported metric: its name and help text. swift-prometheus requires the same help text every
/// time a name is registered, so each name is defined exactly once, here.
public struct Family: Sendable, Hashable {
    public let name: String
    public let help: String

    init(_ name: String, _ help: String) {
        self.name = name
        self.help = help
    }

    /// The whole name goes in `metricName`: the unit is already part of it.
    var descriptor: MetricNameDescriptor { MetricNameDescriptor(metricName: name, unitName: "", helpText: help) }
}

/// Every metric the exporter publishes. Base units (bytes, seconds); counters end in `_total`.
/// Rates are left to PromQL (`rate(kwik_path_rx_bytes_total[1m])`) rather than exported as gauges.
public enum Families {
    // Per path; labels session, role, path.
    public static let pathInfo = Family("kwik_path_info", "Path endpoint (label endpoint), always 1.")
    public static let pathState = Family(
        "kwik_path_state", "1 for the path's current state (label state), 0 for the others.")
    public static let pathRxBytes = Family("kwik_path_rx_bytes_total", "Bytes received on the path.")
    public static let pathDeliveredBytes = Family(
        "kwik_path_delivered_bytes_total", "Bytes delivered in order to the application that arrived on the path.")
    public static let pathTxBytes = Family("kwik_path_tx_bytes_total", "Bytes sent on the path.")
    public static let pathRxPackets = Family("kwik_path_rx_packets_total", "Packets received on the path.")
    public static let pathTxPackets = Family("kwik_path_tx_packets_total", "Packets sent on the path.")
    public static let pathSRTT = Family("kwik_path_srtt_seconds", "Smoothed round-trip time of the path.")
    public static let pathRTTVariance = Family("kwik_path_rttvar_seconds", "Round-trip time variation of the path.")
    public static let pathBytesInFlight = Family(
        "kwik_path_in_flight_bytes", "Bytes sent on the path and not yet acknowledged.")
    public static let pathPoolHits = Family(
        "kwik_path_pool_hits_total", "Packet buffers taken from the path's pool without allocating.")
    public static let pathPoolMisses = Family(
        "kwik_path_pool_misses_total", "Packet buffers the path's pool had to allocate.")
    public static let pathPoolDropped = Family(
        "kwik_path_pool_dropped_total", "Packet buffers released because the path's pool already kept its maximum.")
    public static let pathAllocationFreePackets = Family(
        "kwik_path_alloc_free_packets_total", "DATA packets received without a heap allocation.")
    public static let pathOrderingViolations = Family(
        "kwik_path_ordering_violations_total", "DATA packets whose path sequence was not the previous one + 1.")
    public static let pathReinjectedPackets = Family(
        "kwik_path_reinjected_packets_total", "Packets re-injected onto other paths after this one failed.")
    public static let pathReinjectedBytes = Family(
        "kwik_path_reinjected_bytes_total", "Bytes re-injected onto other paths after this one failed.")
    public static let pathDuplicates = Family(
        "kwik_path_duplicates_total", "Packets received on the path that were already delivered or buffered.")
    public static let pathFlaps = Family(
        "kwik_path_flaps_total", "Times the path went stale and recovered.")
    public static let pathLastReceiveAge = Family(
        "kwik_path_last_receive_age_seconds", "Time since the last frame arrived on the path.")

    // The sending model per path; labels session, role, path, direction (send: this end's sender,
    // receive: the peer's, as its STATS say), for each direction the workload carries data in.
    public static let pathInFlightTarget = Family(
        "kwik_path_inflight_target_bytes", "Bytes the sender's model lets the path hold in flight.")
    public static let pathDeliveryRate = Family(
        "kwik_path_delivery_rate_bps", "The sender's delivery-rate estimate of the path, in bits per second.")
    public static let pathModelMinRTT = Family(
        "kwik_path_model_min_rtt_seconds", "The sender's windowed minimum RTT of the path (after its first sample).")
    public static let pathQueueingDelay = Family(
        "kwik_path_queueing_delay_seconds", "Smoothed minus minimum RTT: the queue the path holds.")
    public static let pathHeadOfLineBlocking = Family(
        "kwik_path_hol_blocking_seconds_total", "Time the send window was full behind a packet this path carried.")
    public static let pathOpportunisticReinjections = Family(
        "kwik_path_opportunistic_reinjections_total",
        "Packets this path held at the head of a full window that were sent again on a faster path.")

    // Per session; labels session, role.
    public static let sessionInfo = Family(
        "kwik_session_info", "Session scheduler, workload and encryption (labels), always 1.")
    public static let sessionState = Family(
        "kwik_session_state", "1 for the session's current state (label state), 0 for the others.")
    public static let sessionUptime = Family("kwik_session_uptime_seconds", "Time since the session started.")
    public static let sessionDeliveredBytes = Family(
        "kwik_session_delivered_bytes_total", "Bytes delivered in order to the application.")
    public static let sessionVerifiedBytes = Family(
        "kwik_session_verified_bytes_total", "Delivered bytes that matched the workload pattern.")
    public static let sessionCorruptBytes = Family(
        "kwik_session_corrupt_bytes_total", "Delivered bytes that did not match the workload pattern.")
    public static let sessionSentBytes = Family("kwik_session_sent_bytes_total", "Payload bytes the session sent.")
    public static let sessionDeliveryOrderViolations = Family(
        "kwik_session_delivery_order_violations_total",
        "Packets delivered out of global sequence order (0 when correct).")
    public static let sessionDuplicatesDropped = Family(
        "kwik_session_duplicates_dropped_total", "Packets dropped because they were already delivered or buffered.")
    public static let sessionReorderEvents = Family(
        "kwik_session_reorder_events_total", "Packets that arrived ahead of the next expected global sequence.")
    public static let sessionReorderDepth = Family(
        "kwik_session_reorder_depth_packets", "Packets waiting in the reorder buffer.")
    public static let sessionReorderDepthBytes = Family(
        "kwik_session_reorder_depth_bytes", "Payload bytes waiting in the reorder buffer.")
    public static let sessionReorderHighWater = Family(
        "kwik_session_reorder_high_water_packets", "Most packets ever waiting in the reorder buffer.")
    public static let sessionStall = Family(
        "kwik_session_head_of_line_stall_seconds_total",
        "Time delivery waited for a missing packet while later ones were buffered.")
    public static let sessionReceiveWindow = Family(
        "kwik_session_receive_window_bytes", "The receive window this end advertises now.")
    public static let sessionReceiveWindowBudget = Family(
        "kwik_session_receive_window_budget_bytes", "The most the receive window may grow to.")
    /// Labels session, role, direction, like the sending model.
    public static let sessionPeerWindow = Family(
        "kwik_session_peer_window_bytes", "The receiver's window as the sender of the direction uses it.")
    public static let sessionWindowLimited = Family(
        "kwik_session_window_limited_seconds_total",
        "Time the sender of the direction had data and a path with room but waited for the receiver's window.")
    public static let sessionLimitHits = Family(
        "kwik_session_limit_hits_total",
        "Frames, packets or paths the session refused because its peer went beyond a limit (label limit).")

    // Failovers; labels session, role, path, cause (the histogram: role, cause).
    public static let failovers = Family(
        "kwik_failovers_total", "Failover events: a path stopped carrying data and its packets moved.")
    public static let failoverResume = Family(
        "kwik_failover_resume_seconds", "Time from detecting a failover to delivery resuming, once per resolved event.")

    // Server; no labels but the reason or limit.
    public static let serverSessions = Family("kwik_server_sessions", "Sessions the server is serving.")
    public static let serverRefusedJoins = Family(
        "kwik_server_refused_joins_total", "Path HELLOs the server refused, by reason.")
    public static let serverLimitHits = Family(
        "kwik_server_limit_hits_total",
        "Refusals because a peer went beyond a limit, in every session and connection of the server (label limit).")

    /// Resume-time buckets: a graceful disable resumes within about an RTT (milliseconds), a black-holed
    /// path in well under a second, a peer's timeout in seconds.
    public static let resumeBuckets: [Double] = [
        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
    ]

    public static let all: [Family] = [
        pathInfo, pathState, pathRxBytes, pathDeliveredBytes, pathTxBytes, pathRxPackets, pathTxPackets, pathSRTT,
        pathRTTVariance,
        pathBytesInFlight, pathPoolHits, pathPoolMisses, pathPoolDropped, pathAllocationFreePackets,
        pathOrderingViolations,
        pathReinjectedPackets, pathReinjectedBytes, pathDuplicates, pathFlaps, pathLastReceiveAge,
        pathInFlightTarget, pathDeliveryRate, pathModelMinRTT, pathQueueingDelay, pathHeadOfLineBlocking,
        pathOpportunisticReinjections, sessionInfo, sessionState, sessionUptime, sessionDeliveredBytes,
        sessionVerifiedBytes,
        sessionCorruptBytes, sessionSentBytes, sessionDeliveryOrderViolations, sessionDuplicatesDropped,
        sessionReorderEvents, sessionReorderDepth, sessionReorderDepthBytes, sessionReorderHighWater, sessionStall,
        sessionReceiveWindow, sessionReceiveWindowBudget, sessionPeerWindow, sessionWindowLimited, sessionLimitHits,
        failovers, failoverResume, serverSessions, serverRefusedJoins, serverLimitHits,
    ]
}
