import CNetlink

/// INET_ULP_INFO_MPTCP of a TCP subflow: tokens, mapping state and address ids.
public struct MPTCPSubflowAttributes: Equatable, Sendable {
    public var remoteToken: UInt32?
    /// The owning MPTCP connection's token (mptcp_info.mptcpi_token on the same host).
    public var localToken: UInt32?
    public var relativeWriteSequence: UInt32?
    public var mapSequence: UInt64?
    public var mapSubflowSequence: UInt32?
    public var subflowSequenceOffset: UInt32?
    public var mapDataLength: UInt16?
    public var flags: MPTCPSubflowFlags = []
    public var remoteID: UInt8?
    public var localID: UInt8?

    public var isJoin: Bool { flags.isJoin }

    public init(attributes: NetlinkAttributes) throws {
        for attribute in attributes {
            switch Int(attribute.type) {
            case MPTCP_SUBFLOW_ATTR_TOKEN_REM: remoteToken = try attribute.uint32()
            case MPTCP_SUBFLOW_ATTR_TOKEN_LOC: localToken = try attribute.uint32()
            case MPTCP_SUBFLOW_ATTR_RELWRITE_SEQ: relativeWriteSequence = try attribute.uint32()
            case MPTCP_SUBFLOW_ATTR_MAP_SEQ: mapSequence = try attribute.uint64()
            case MPTCP_SUBFLOW_ATTR_MAP_SFSEQ: mapSubflowSequence = try attribute.uint32()
            case MPTCP_SUBFLOW_ATTR_SSN_OFFSET: subflowSequenceOffset = try attribute.uint32()
            case MPTCP_SUBFLOW_ATTR_MAP_DATALEN: mapDataLength = try attribute.uint16()
            case MPTCP_SUBFLOW_ATTR_FLAGS: flags = MPTCPSubflowFlags(rawValue: try attribute.uint32())
            case MPTCP_SUBFLOW_ATTR_ID_REM: remoteID = try attribute.uint8()
            case MPTCP_SUBFLOW_ATTR_ID_LOC: localID = try attribute.uint8()
            default: continue  // MPTCP_SUBFLOW_ATTR_PAD only aligns MAP_SEQ; newer kernels may add more.
            }
        }
    }
}
