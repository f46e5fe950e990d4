import CNetlink

/// Requests to the in-kernel path manager. `family` is the id GenericNetlinkFamily resolved.
public enum PathManagerRequest {
    public static func getEndpoints(family: UInt16) -> NetlinkMessage {
        build(MPTCP_PM_CMD_GET_ADDR, family: family, flags: NLM_F_REQUEST | NLM_F_DUMP)
    }

    public static func getLimits(family: UInt16) -> NetlinkMessage {
        build(MPTCP_PM_CMD_GET_LIMITS, family: family, flags: NLM_F_REQUEST | NLM_F_ACK)
    }

    /// SET_FLAGS replaces both changeable flags (backup and fullmesh) of the endpoint with `flags`.
    public static func setFlags(family: UInt16, endpointID: UInt8, flags: PathManagerEndpointFlags) -> NetlinkMessage {
        build(
            MPTCP_PM_CMD_SET_FLAGS, family: family, flags: NLM_F_REQUEST | NLM_F_ACK,
            attributes: [
                address([
                    .uint8(UInt16(MPTCP_PM_ADDR_ATTR_ID), endpointID),
                    .uint32(UInt16(MPTCP_PM_ADDR_ATTR_FLAGS), flags.rawValue),
                ])
            ])
    }

    /// Toggles backup while keeping the endpoint's fullmesh bit, which SET_FLAGS would otherwise clear.
    public static func setBackup(family: UInt16, endpoint: PathManagerEndpoint, backup: Bool) -> NetlinkMessage {
        var flags = endpoint.flags.intersection(.fullmesh)
        if backup { flags.insert(.backup) }
        return setFlags(family: family, endpointID: endpoint.id, flags: flags)
    }

    public static func addEndpoint(family: UInt16, _ endpoint: PathManagerEndpoint) -> NetlinkMessage {
        build(
            MPTCP_PM_CMD_ADD_ADDR, family: family, flags: NLM_F_REQUEST | NLM_F_ACK,
            attributes: [address(endpoint.attributes)])
    }

    public static func deleteEndpoint(family: UInt16, endpointID: UInt8) -> NetlinkMessage {
        build(
            MPTCP_PM_CMD_DEL_ADDR, family: family, flags: NLM_F_REQUEST | NLM_F_ACK,
            attributes: [address([.uint8(UInt16(MPTCP_PM_ADDR_ATTR_ID), endpointID)])])
    }

    /// The kernel's strict policy rejects MPTCP_PM_ATTR_ADDR without NLA_F_NESTED.
    private static func address(_ fields: [NetlinkAttribute]) -> NetlinkAttribute {
        .nested(UInt16(MPTCP_PM_ATTR_ADDR), fields)
    }

    private static func build(
        _ command: Int, family: UInt16, flags: Int32, attributes: [NetlinkAttribute] = []
    ) -> NetlinkMessage {
        GenericNetlinkMessage(command: UInt8(command), version: UInt8(KWIK_MPTCP_PM_VER), attributes: attributes)
            .message(family: family, flags: UInt16(flags))
    }
}
