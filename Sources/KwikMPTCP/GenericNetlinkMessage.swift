import CNetlink

/// A generic netlink payload: genlmsghdr followed by attributes.
public struct GenericNetlinkMessage: Equatable, Sendable {
    public var command: UInt8
    public var version: UInt8
    public var attributes: NetlinkAttributes

    public init(command: UInt8, version: UInt8, attributes: [NetlinkAttribute] = []) {
        self.command = command
        self.version = version
        self.attributes = NetlinkAttributes(attributes)
    }

    public init(parsing message: NetlinkMessage) throws {
        let headerLength = NetlinkAlignment.genericHeaderLength
        guard message.payload.count >= headerLength else {
            throw NetlinkDecodingError.truncated(
                what: "generic netlink header", needed: headerLength, available: message.payload.count)
        }
        command = message.payload[0]
        version = message.payload[1]
        attributes = try NetlinkAttributes(parsing: Array(message.payload[headerLength...]))
    }

    /// Wraps the payload in a netlink message addressed to `family`.
    public func message(family: UInt16, flags: UInt16) -> NetlinkMessage {
        let header = genlmsghdr(cmd: command, version: version, reserved: 0)
        return NetlinkMessage(type: family, flags: flags, payload: KernelBytes.bytes(of: header) + attributes.encoded())
    }
}
