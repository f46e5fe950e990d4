import CNetlink

/// A generic netlink family as resolved by the controller (CTRL_CMD_GETFAMILY).
public struct GenericNetlinkFamily: Equatable, Sendable {
    public let id: UInt16
    public let name: String
    public let version: UInt32
    public let multicastGroups: [String: UInt32]

    public static var mptcpPathManagerName: String { String(cString: kwik_mptcp_pm_name()) }
    public static var mptcpEventsGroupName: String { String(cString: kwik_mptcp_pm_events_group_name()) }

    /// The events group id, needed for NETLINK_ADD_MEMBERSHIP.
    public var mptcpEventsGroup: UInt32? { multicastGroups[Self.mptcpEventsGroupName] }

    public static func request(name: String = mptcpPathManagerName) -> NetlinkMessage {
        GenericNetlinkMessage(
            command: UInt8(CTRL_CMD_GETFAMILY), version: 1,
            attributes: [.string(UInt16(CTRL_ATTR_FAMILY_NAME), name)]
        ).message(family: UInt16(GENL_ID_CTRL), flags: UInt16(NLM_F_REQUEST | NLM_F_ACK))
    }

    public init(parsing message: NetlinkMessage) throws {
        guard message.type == UInt16(GENL_ID_CTRL) else {
            throw NetlinkDecodingError.unexpectedMessageType(message.type)
        }
        let attributes = try GenericNetlinkMessage(parsing: message).attributes
        id = try attributes.required(CTRL_ATTR_FAMILY_ID, "CTRL_ATTR_FAMILY_ID").uint16()
        name = try attributes.required(CTRL_ATTR_FAMILY_NAME, "CTRL_ATTR_FAMILY_NAME").string()
        version = try attributes.first(CTRL_ATTR_VERSION)?.uint32() ?? 0
        var groups: [String: UInt32] = [:]
        for group in try attributes.first(CTRL_ATTR_MCAST_GROUPS)?.nested() ?? NetlinkAttributes([]) {
            let fields = try group.nested()
            let groupName = try fields.required(CTRL_ATTR_MCAST_GRP_NAME, "CTRL_ATTR_MCAST_GRP_NAME").string()
            groups[groupName] = try fields.required(CTRL_ATTR_MCAST_GRP_ID, "CTRL_ATTR_MCAST_GRP_ID").uint32()
        }
        multicastGroups = groups
    }

    /// Finds the controller's answer among the reply messages.
    public static func decode(reply messages: [NetlinkMessage]) throws -> GenericNetlinkFamily {
        for message in messages {
            if case .failed(let error) = try NetlinkStatus(message) { throw error }
            if message.type == UInt16(GENL_ID_CTRL) { return try GenericNetlinkFamily(parsing: message) }
        }
        throw NetlinkDecodingError.missingReply("CTRL_CMD_GETFAMILY")
    }
}
