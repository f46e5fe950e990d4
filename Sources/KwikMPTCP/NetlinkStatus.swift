import CNetlink

/// Control messages that end or answer a request.
public enum NetlinkStatus: Equatable, Sendable {
    case done
    case acknowledged
    case failed(NetlinkKernelError)

    /// nil for data messages; otherwise the decoded NLMSG_DONE / NLMSG_ERROR.
    public init?(_ message: NetlinkMessage) throws {
        switch Int32(message.type) {
        case NLMSG_DONE:
            // A dump that failed part-way reports the negative errno in the DONE payload.
            let code = message.payload.count >= 4 ? try Self.code(message.payload) : 0
            self = code < 0 ? .failed(NetlinkKernelError(errno: Self.errno(code))) : .done
        case NLMSG_ERROR:
            let code = try Self.code(message.payload)
            guard code != 0 else {
                self = .acknowledged
                return
            }
            let extended = try Self.extendedAckMessage(message)
            self = .failed(NetlinkKernelError(errno: Self.errno(code), extendedMessage: extended))
        default:
            return nil
        }
    }

    /// The data messages of a reply, up to NLMSG_DONE; a kernel error anywhere is thrown.
    public static func dataMessages(in messages: [NetlinkMessage]) throws -> [NetlinkMessage] {
        var data: [NetlinkMessage] = []
        for message in messages {
            switch try NetlinkStatus(message) {
            case .failed(let error): throw error
            case .done: return data
            case .acknowledged: continue
            case nil: data.append(message)
            }
        }
        return data
    }

    /// The kernel sends -errno; Int32.min has no positive counterpart and must not trap.
    private static func errno(_ code: Int32) -> Int32 {
        code == Int32.min ? Int32.max : -code
    }

    private static func code(_ payload: [UInt8]) throws -> Int32 {
        try KernelBytes.load(Int32.self, from: payload, at: 0, what: "nlmsgerr.error")
    }

    /// With NETLINK_EXT_ACK the kernel appends NLMSGERR_ATTR_MSG after the echoed request header
    /// (or the whole request unless NLM_F_CAPPED).
    private static func extendedAckMessage(_ message: NetlinkMessage) throws -> String? {
        guard message.flags & UInt16(NLM_F_ACK_TLVS) != 0 else { return nil }
        let echoedLength: Int
        if message.flags & UInt16(NLM_F_CAPPED) != 0 {
            echoedLength = NetlinkAlignment.messageHeaderLength
        } else {
            echoedLength = Int(
                try KernelBytes.load(UInt32.self, from: message.payload, at: 4, what: "echoed nlmsg_len"))
        }
        let start = 4 + NetlinkAlignment.netlinkMessage(echoedLength)
        guard start <= message.payload.count else {
            throw NetlinkDecodingError.lengthBeyondBuffer(
                what: "echoed request in NLMSG_ERROR", length: echoedLength, available: message.payload.count - 4)
        }
        let attributes = try NetlinkAttributes(parsing: Array(message.payload[start...]))
        return try attributes.first(NLMSGERR_ATTR_MSG.rawValue)?.string()
    }
}
