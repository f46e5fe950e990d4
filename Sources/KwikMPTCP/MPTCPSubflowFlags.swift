import CNetlink

/// MPTCP_SUBFLOW_FLAG_* from MPTCP_SUBFLOW_ATTR_FLAGS; "local"/"remote" are from this host's view.
public struct MPTCPSubflowFlags: OptionSet, Hashable, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let capableRemote = Self(rawValue: UInt32(KWIK_MPTCP_SUBFLOW_FLAG_MCAP_REM))
    public static let capableLocal = Self(rawValue: UInt32(KWIK_MPTCP_SUBFLOW_FLAG_MCAP_LOC))
    public static let joinRemote = Self(rawValue: UInt32(KWIK_MPTCP_SUBFLOW_FLAG_JOIN_REM))
    public static let joinLocal = Self(rawValue: UInt32(KWIK_MPTCP_SUBFLOW_FLAG_JOIN_LOC))
    public static let backupRemote = Self(rawValue: UInt32(KWIK_MPTCP_SUBFLOW_FLAG_BKUP_REM))
    public static let backupLocal = Self(rawValue: UInt32(KWIK_MPTCP_SUBFLOW_FLAG_BKUP_LOC))
    public static let fullyEstablished = Self(rawValue: UInt32(KWIK_MPTCP_SUBFLOW_FLAG_FULLY_ESTABLISHED))
    public static let connected = Self(rawValue: UInt32(KWIK_MPTCP_SUBFLOW_FLAG_CONNECTED))
    public static let mapValid = Self(rawValue: UInt32(KWIK_MPTCP_SUBFLOW_FLAG_MAPVALID))

    /// Set on every subflow added by MP_JOIN, on whichever side initiated it.
    public var isJoin: Bool { !intersection([.joinLocal, .joinRemote]).isEmpty }
}
