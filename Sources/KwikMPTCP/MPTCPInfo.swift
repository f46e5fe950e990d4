import CNetlink

/// INET_DIAG_INFO of an MPTCP socket (struct mptcp_info from the installed UAPI headers).
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
    /// Bytes the kernel sent; newer kernels send more than `headerLength` and older ones less.
    public let kernelLength: Int
    public static let headerLength = MemoryLayout<mptcp_info>.size

    public var isFallback: Bool { flags & UInt32(KWIK_MPTCP_INFO_FLAG_FALLBACK) != 0 }
    public var remoteKeyReceived: Bool { flags & UInt32(KWIK_MPTCP_INFO_FLAG_REMOTE_KEY_RECEIVED) != 0 }

    /// Requires the fields up to the token: mptcp_info has carried them since it was introduced.
    public init(payload: [UInt8]) throws {
        let minimum = (MemoryLayout<mptcp_info>.offset(of: \.mptcpi_token) ?? 0) + MemoryLayout<UInt32>.size
        let decoded = try KernelStruct(payload, zero: mptcp_info(), minimumLength: minimum, what: "mptcp_info")
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
    }
}
