import CNetlink
import Glibc

/// MPTCP_PM_ADDR_FLAG_* of an in-kernel path-manager endpoint.
public struct PathManagerEndpointFlags: OptionSet, Hashable, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let signal = Self(rawValue: UInt32(MPTCP_PM_ADDR_FLAG_SIGNAL))
    public static let subflow = Self(rawValue: UInt32(MPTCP_PM_ADDR_FLAG_SUBFLOW))
    public static let backup = Self(rawValue: UInt32(MPTCP_PM_ADDR_FLAG_BACKUP))
    public static let fullmesh = Self(rawValue: UInt32(MPTCP_PM_ADDR_FLAG_FULLMESH))
    public static let implicit = Self(rawValue: UInt32(MPTCP_PM_ADDR_FLAG_IMPLICIT))
}

/// One endpoint of the in-kernel path manager (a MPTCP_PM_ATTR_ADDR nest).
public struct PathManagerEndpoint: Equatable, Sendable {
    /// 0 asks the kernel to pick an id when adding.
    public var id: UInt8
    public var address: IPAddress
    /// Host byte order; 0 means any port.
    public var port: UInt16
    public var flags: PathManagerEndpointFlags
    /// 0 means no interface binding.
    public var interfaceIndex: Int32

    public init(
        id: UInt8 = 0, address: IPAddress, port: UInt16 = 0, flags: PathManagerEndpointFlags,
        interfaceIndex: Int32 = 0
    ) {
        self.id = id
        self.address = address
        self.port = port
        self.flags = flags
        self.interfaceIndex = interfaceIndex
    }

    public init(attributes: NetlinkAttributes) throws {
        let family = try attributes.required(MPTCP_PM_ADDR_ATTR_FAMILY, "MPTCP_PM_ADDR_ATTR_FAMILY").uint16()
        switch Int32(family) {
        case AF_INET:
            address = try IPAddress(
                bytes: attributes.required(MPTCP_PM_ADDR_ATTR_ADDR4, "MPTCP_PM_ADDR_ATTR_ADDR4").payload)
        case AF_INET6:
            address = try IPAddress(
                bytes: attributes.required(MPTCP_PM_ADDR_ATTR_ADDR6, "MPTCP_PM_ADDR_ATTR_ADDR6").payload)
        default:
            throw NetlinkDecodingError.invalidValue(what: "MPTCP_PM_ADDR_ATTR_FAMILY", detail: "\(family)")
        }
        id = try attributes.first(MPTCP_PM_ADDR_ATTR_ID)?.uint8() ?? 0
        port = try attributes.first(MPTCP_PM_ADDR_ATTR_PORT)?.uint16() ?? 0
        flags = PathManagerEndpointFlags(rawValue: try attributes.first(MPTCP_PM_ADDR_ATTR_FLAGS)?.uint32() ?? 0)
        interfaceIndex = try attributes.first(MPTCP_PM_ADDR_ATTR_IF_IDX)?.int32() ?? 0
    }

    /// The nested attributes ADD_ADDR expects; optional fields are sent only when set.
    var attributes: [NetlinkAttribute] {
        var attributes: [NetlinkAttribute] = [
            .uint16(UInt16(MPTCP_PM_ADDR_ATTR_FAMILY), UInt16(address.isIPv4 ? AF_INET : AF_INET6))
        ]
        if id != 0 { attributes.append(.uint8(UInt16(MPTCP_PM_ADDR_ATTR_ID), id)) }
        let addressType = address.isIPv4 ? MPTCP_PM_ADDR_ATTR_ADDR4 : MPTCP_PM_ADDR_ATTR_ADDR6
        attributes.append(NetlinkAttribute(type: UInt16(addressType), payload: address.bytes))
        if port != 0 { attributes.append(.uint16(UInt16(MPTCP_PM_ADDR_ATTR_PORT), port)) }
        if !flags.isEmpty { attributes.append(.uint32(UInt16(MPTCP_PM_ADDR_ATTR_FLAGS), flags.rawValue)) }
        if interfaceIndex != 0 { attributes.append(.int32(UInt16(MPTCP_PM_ADDR_ATTR_IF_IDX), interfaceIndex)) }
        return attributes
    }

    /// Decodes a MPTCP_PM_CMD_GET_ADDR dump.
    public static func decode(dump messages: [NetlinkMessage]) throws -> [PathManagerEndpoint] {
        try NetlinkStatus.dataMessages(in: messages).map { message in
            let attributes = try GenericNetlinkMessage(parsing: message).attributes
            return try PathManagerEndpoint(
                attributes: attributes.required(MPTCP_PM_ATTR_ADDR, "MPTCP_PM_ATTR_ADDR").nested())
        }
    }
}
