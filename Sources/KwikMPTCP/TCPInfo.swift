import CNetlink

/// INET_DIAG_INFO of a TCP socket (the kernel's struct tcp_info, imported as linux_tcp_info).
/// Times are microseconds for RTTs and milliseconds for the last_* ages, as the kernel reports them.
public struct TCPInfo: Equatable, Sendable {
    public let state: UInt8
    public let congestionAvoidanceState: UInt8
    public let retransmits: UInt8
    public let rtoMicroseconds: UInt32
    public let sendMSS: UInt32
    public let receiveMSS: UInt32
    public let unacknowledged: UInt32
    public let lost: UInt32
    public let retransmitted: UInt32
    public let lastDataSentMilliseconds: UInt32
    public let lastDataReceivedMilliseconds: UInt32
    public let lastAckReceivedMilliseconds: UInt32
    public let smoothedRTTMicroseconds: UInt32
    public let rttVarianceMicroseconds: UInt32
    public let sendSlowStartThreshold: UInt32
    public let sendCongestionWindow: UInt32
    public let reordering: UInt32
    public let totalRetransmits: UInt32
    public let pacingRate: UInt64
    public let bytesAcked: UInt64
    public let bytesReceived: UInt64
    public let bytesSent: UInt64
    public let bytesRetransmitted: UInt64
    public let minRTTMicroseconds: UInt32
    public let deliveryRate: UInt64
    public let segmentsOut: UInt32
    public let segmentsIn: UInt32
    /// Bytes the kernel sent; fields past it were not provided and read as zero.
    public let kernelLength: Int
    public static let headerLength = MemoryLayout<linux_tcp_info>.size

    /// Requires the original layout, which ends with tcpi_total_retrans.
    public init(payload: [UInt8]) throws {
        let minimum = (MemoryLayout<linux_tcp_info>.offset(of: \.tcpi_total_retrans) ?? 0) + 4
        let decoded = try KernelStruct(payload, zero: linux_tcp_info(), minimumLength: minimum, what: "tcp_info")
        let info = decoded.value
        state = info.tcpi_state
        congestionAvoidanceState = info.tcpi_ca_state
        retransmits = info.tcpi_retransmits
        rtoMicroseconds = info.tcpi_rto
        sendMSS = info.tcpi_snd_mss
        receiveMSS = info.tcpi_rcv_mss
        unacknowledged = info.tcpi_unacked
        lost = info.tcpi_lost
        retransmitted = info.tcpi_retrans
        lastDataSentMilliseconds = info.tcpi_last_data_sent
        lastDataReceivedMilliseconds = info.tcpi_last_data_recv
        lastAckReceivedMilliseconds = info.tcpi_last_ack_recv
        smoothedRTTMicroseconds = info.tcpi_rtt
        rttVarianceMicroseconds = info.tcpi_rttvar
        sendSlowStartThreshold = info.tcpi_snd_ssthresh
        sendCongestionWindow = info.tcpi_snd_cwnd
        reordering = info.tcpi_reordering
        totalRetransmits = info.tcpi_total_retrans
        pacingRate = info.tcpi_pacing_rate
        bytesAcked = info.tcpi_bytes_acked
        bytesReceived = info.tcpi_bytes_received
        bytesSent = info.tcpi_bytes_sent
        bytesRetransmitted = info.tcpi_bytes_retrans
        minRTTMicroseconds = info.tcpi_min_rtt
        deliveryRate = info.tcpi_delivery_rate
        segmentsOut = info.tcpi_segs_out
        segmentsIn = info.tcpi_segs_in
        kernelLength = decoded.kernelLength
    }
}
