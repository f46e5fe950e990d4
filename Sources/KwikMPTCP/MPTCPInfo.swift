import CNetlink

/// INET_DIAG_INFO of an MPTCP socket: struct mptcp_info as the installed UAPI headers have it, and the
/// counters later kernels append (`kwik_mptcp_info` in the shim), nil where the kernel sent none.
public struct MPTCPInfo: Equatable, Sendable {
    /// Additional subflows beyond the initial one, as the kernel counts them.
    public let subflows: UInt8
    public let addAddrSignal: UInt8
    public let addAddrAccepted: UInt8
    public let subflowsMax: UInt8
    public let addAddrSignalMax: UInt8
    public let addAddrAcceptedMax: UInt8
    public let flags: UInt32
    public let token: UInt32
    public let writeSequence: UInt64
    public let sendUnacknowledged: UInt64
    public let receiveNext: UInt64
    public let localAddressesUsed: UInt8
    public let localAddressesMax: UInt8
    public let checksumEnabled: Bool
    /// Retransmitted at the MPTCP level (packets, then bytes); from Linux 6.5.
    public let retransmits: UInt32?
    public let bytesRetransmitted: UInt64?
    public let bytesSent: UInt64?
    public let bytesReceived: UInt64?
    public let bytesAcknowledged: UInt64?
    /// Subflows ever created for the connection, closed ones included; from Linux 6.10.
    public let subflowsTotal: UInt8?
    /// Milliseconds since data was last sent, received, and acknowledged; from Linux 6.10.
    public let lastDataSentMilliseconds: UInt32?
    public let lastDataReceivedMilliseconds: UInt32?
    public let lastAckReceivedMilliseconds: UInt32?
    /// Bytes the kernel sent; newer kernels send more than `headerLength` and older ones less.
    public let kernelLength: Int
    public static let headerLength = MemoryLayout<mptcp_info>.size
    /// The longest layout known here.
    public static let knownLength = MemoryLayout<kwik_mptcp_info>.size

    public var isFallback: Bool { flags & UInt32(KWIK_MPTCP_INFO_FLAG_FALLBACK) != 0 }
    public var remoteKeyReceived: Bool { flags & UInt32(KWIK_MPTCP_INFO_FLAG_REMOTE_KEY_RECEIVED) != 0 }

    /// Requires the fields up to the token: mptcp_info has carried them since it was introduced.
    public init(payload: [UInt8]) throws {
        let minimum = (MemoryLayout<mptcp_info>.offset(of: \.mptcpi_token) ?? 0) + MemoryLayout<UInt32>.size
        let decoded = try KernelStruct(payload, zero: kwik_mptcp_info(), minimumLength: minimum, what: "mptcp_info")
        let info = decoded.value
        subflows = info.mptcpi_subflows
        addAddrSignal = info.mptcpi_add_addr_signal
        addAddrAccepted = info.mptcpi_add_addr_accepted
        subflowsMax = info.mptcpi_subflows_max
        addAddrSignalMax = info.mptcpi_add_addr_signal_max
        addAddrAcceptedMax = info.mptcpi_add_addr_accepted_max
        flags = info.mptcpi_flags
        token = info.mptcpi_token
        writeSequence = info.mptcpi_write_seq
        sendUnacknowledged = info.mptcpi_snd_una
        receiveNext = info.mptcpi_rcv_nxt
        localAddressesUsed = info.mptcpi_local_addr_used
        localAddressesMax = info.mptcpi_local_addr_max
        checksumEnabled = info.mptcpi_csum_enabled != 0
        kernelLength = decoded.kernelLength
        // Each group counts only when the kernel sent all of it: a 48-byte mptcp_info from before 6.5
        // ends in padding where the retransmission count now sits.
        func sent(through field: PartialKeyPath<kwik_mptcp_info>, size: Int) -> Bool {
            decoded.kernelLength >= (MemoryLayout<kwik_mptcp_info>.offset(of: field) ?? .max) + size
        }
        let counters = sent(through: \kwik_mptcp_info.mptcpi_bytes_acked, size: 8)
        let ages = sent(through: \kwik_mptcp_info.mptcpi_last_ack_recv, size: 4)
        retransmits = counters ? info.mptcpi_retransmits : nil
        bytesRetransmitted = counters ? info.mptcpi_bytes_retrans : nil
        bytesSent = counters ? info.mptcpi_bytes_sent : nil
        bytesReceived = counters ? info.mptcpi_bytes_received : nil
        bytesAcknowledged = counters ? info.mptcpi_bytes_acked : nil
        subflowsTotal = ages ? info.mptcpi_subflows_total : nil
        lastDataSentMilliseconds = ages ? info.mptcpi_last_data_sent : nil
        lastDataReceivedMilliseconds = ages ? info.mptcpi_last_data_recv : nil
        lastAckReceivedMilliseconds = ages ? info.mptcpi_last_ack_recv : nil
    }
}
