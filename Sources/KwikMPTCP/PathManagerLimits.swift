import CNetlink

/// The in-kernel path manager's per-connection limits (MPTCP_PM_CMD_GET_LIMITS).
public struct PathManagerLimits: Equatable, Sendable {
    public let addAddrAccepted: UInt32
    public let subflows: UInt32

    public init(addAddrAccepted: UInt32, subflows: UInt32) {
        self.addAddrAccepted = addAddrAccepted
        self.subflows = subflows
    }

    public static func decode(reply messages: [NetlinkMessage]) throws -> PathManagerLimits {
        guard let message = try NetlinkStatus.dataMessages(in: messages).first else {
            throw NetlinkDecodingError.missingReply("MPTCP_PM_CMD_GET_LIMITS")
        }
        let attributes = try GenericNetlinkMessage(parsing: message).attributes
        return PathManagerLimits(
            addAddrAccepted: try attributes.required(MPTCP_PM_ATTR_RCV_ADD_ADDRS, "MPTCP_PM_ATTR_RCV_ADD_ADDRS")
                .uint32(),
            subflows: try attributes.required(MPTCP_PM_ATTR_SUBFLOWS, "MPTCP_PM_ATTR_SUBFLOWS").uint32())
    }
}
