import Glibc

/// An errno the kernel returned in NLMSG_ERROR or NLMSG_DONE, with the extended-ack text if any.
public struct NetlinkKernelError: Error, Equatable, Sendable, CustomStringConvertible {
    public let errno: Int32
    public let extendedMessage: String?

    public init(errno: Int32, extendedMessage: String? = nil) {
        self.errno = errno
        self.extendedMessage = extendedMessage
    }

    public var description: String {
        let base: String
        switch errno {
        case EPERM:
            base = "operation not permitted (EPERM): changing the MPTCP path manager needs CAP_NET_ADMIN"
        case EOPNOTSUPP:
            base = "operation not supported (EOPNOTSUPP): this kernel lacks MPTCP or this path-manager command"
        case ENOENT:
            base = "not found (ENOENT): no such MPTCP endpoint, connection or netlink family"
        default:
            base = "kernel returned errno \(errno)"
        }
        guard let extendedMessage, !extendedMessage.isEmpty else { return base }
        return "\(base): \(extendedMessage)"
    }
}
