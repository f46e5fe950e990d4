import CNetlink

/// The MPTCP_ATTR_* fields of a path-manager event; which ones are present depends on the kind.
public struct PathManagerEventAttributes: Equatable, Sendable {
    public var token: UInt32?
    public var family: UInt16?
    public var localID: UInt8?
    public var remoteID: UInt8?
    public var sourceAddress: IPAddress?
    public var destinationAddress: IPAddress?
    /// Host byte order (the kernel sends these two as __be16).
    public var sourcePort: UInt16?
    public var destinationPort: UInt16?
    public var backup: Bool?
    public var error: UInt8?
    public var flags: UInt16?
    public var timeout: UInt32?
    public var interfaceIndex: Int32?
    public var resetReason: UInt32?
    public var resetFlags: UInt32?
    public var serverSide: Bool?

    public init(attributes: NetlinkAttributes) throws {
        for attribute in attributes {
            switch attribute.type {
            case UInt16(MPTCP_ATTR_TOKEN.rawValue): token = try attribute.uint32()
            case UInt16(MPTCP_ATTR_FAMILY.rawValue): family = try attribute.uint16()
            case UInt16(MPTCP_ATTR_LOC_ID.rawValue): localID = try attribute.uint8()
            case UInt16(MPTCP_ATTR_REM_ID.rawValue): remoteID = try attribute.uint8()
            case UInt16(MPTCP_ATTR_SADDR4.rawValue), UInt16(MPTCP_ATTR_SADDR6.rawValue):
                sourceAddress = try IPAddress(bytes: attribute.payload)
            case UInt16(MPTCP_ATTR_DADDR4.rawValue), UInt16(MPTCP_ATTR_DADDR6.rawValue):
                destinationAddress = try IPAddress(bytes: attribute.payload)
            case UInt16(MPTCP_ATTR_SPORT.rawValue): sourcePort = try attribute.bigEndianUInt16()
            case UInt16(MPTCP_ATTR_DPORT.rawValue): destinationPort = try attribute.bigEndianUInt16()
            case UInt16(MPTCP_ATTR_BACKUP.rawValue): backup = try attribute.uint8() != 0
            case UInt16(MPTCP_ATTR_ERROR.rawValue): error = try attribute.uint8()
            case UInt16(MPTCP_ATTR_FLAGS.rawValue): flags = try attribute.uint16()
            case UInt16(MPTCP_ATTR_TIMEOUT.rawValue): timeout = try attribute.uint32()
            case UInt16(MPTCP_ATTR_IF_IDX.rawValue): interfaceIndex = try attribute.int32()
            case UInt16(MPTCP_ATTR_RESET_REASON.rawValue): resetReason = try attribute.uint32()
            case UInt16(MPTCP_ATTR_RESET_FLAGS.rawValue): resetFlags = try attribute.uint32()
            case UInt16(MPTCP_ATTR_SERVER_SIDE.rawValue): serverSide = try attribute.uint8() != 0
            default: continue  // Attributes newer than these headers.
            }
        }
    }
}
