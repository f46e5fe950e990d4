import CNetlink

/// One netlink message: the nlmsghdr fields plus the payload that follows the header.
public struct NetlinkMessage: Equatable, Sendable {
    public var type: UInt16
    public var flags: UInt16
    public var sequence: UInt32
    public var portID: UInt32
    public var payload: [UInt8]

    public init(type: UInt16, flags: UInt16, sequence: UInt32 = 0, portID: UInt32 = 0, payload: [UInt8]) {
        self.type = type
        self.flags = flags
        self.sequence = sequence
        self.portID = portID
        self.payload = payload
    }

    public var isMultipart: Bool { flags & UInt16(NLM_F_MULTI) != 0 }

    /// The wire form: header, payload, and padding to the next message boundary.
    public func encoded() -> [UInt8] {
        let length = NetlinkAlignment.messageHeaderLength + payload.count
        let header = nlmsghdr(
            nlmsg_len: UInt32(truncatingIfNeeded: length), nlmsg_type: type, nlmsg_flags: flags,
            nlmsg_seq: sequence, nlmsg_pid: portID)
        return KernelBytes.bytes(of: header) + payload + NetlinkAlignment.padding(after: length)
    }

    /// Splits a receive buffer into messages, checking every declared length against the buffer.
    public static func parseAll(_ bytes: [UInt8]) throws -> [NetlinkMessage] {
        var messages: [NetlinkMessage] = []
        var offset = 0
        let headerLength = NetlinkAlignment.messageHeaderLength
        while offset < bytes.count {
            let available = bytes.count - offset
            guard available >= headerLength else {
                throw NetlinkDecodingError.truncated(what: "netlink header", needed: headerLength, available: available)
            }
            let length = Int(try KernelBytes.load(UInt32.self, from: bytes, at: offset, what: "nlmsg_len"))
            guard length >= headerLength else {
                throw NetlinkDecodingError.lengthTooSmall(
                    what: "netlink message", length: length, minimum: headerLength)
            }
            guard length <= available else {
                throw NetlinkDecodingError.lengthBeyondBuffer(
                    what: "netlink message", length: length, available: available)
            }
            messages.append(
                NetlinkMessage(
                    type: try KernelBytes.load(UInt16.self, from: bytes, at: offset + 4, what: "nlmsg_type"),
                    flags: try KernelBytes.load(UInt16.self, from: bytes, at: offset + 6, what: "nlmsg_flags"),
                    sequence: try KernelBytes.load(UInt32.self, from: bytes, at: offset + 8, what: "nlmsg_seq"),
                    portID: try KernelBytes.load(UInt32.self, from: bytes, at: offset + 12, what: "nlmsg_pid"),
                    payload: Array(bytes[(offset + headerLength)..<(offset + length)])))
            // The last message may omit its trailing padding.
            offset += min(NetlinkAlignment.netlinkMessage(length), available)
        }
        return messages
    }
}
