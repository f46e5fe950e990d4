/// Failures of the netlink socket itself, as opposed to errors the kernel answered with.
public enum NetlinkSocketError: Error, Equatable, Sendable, CustomStringConvertible {
    case permissionDenied(operation: String)
    case protocolNotSupported(String)
    case system(operation: String, errno: Int32)
    case sequenceMismatch(expected: UInt32, received: UInt32)
    case datagramTruncated(size: Int, capacity: Int)
    /// Multicast messages came faster than they were read, and the kernel dropped some (ENOBUFS).
    case overrun

    public var description: String {
        switch self {
        case .permissionDenied(let operation):
            return "\(operation) was denied (EPERM/EACCES): run as root or grant CAP_NET_ADMIN"
        case .protocolNotSupported(let name):
            return "netlink protocol \(name) is not supported by this kernel (EPROTONOSUPPORT)"
        case .system(let operation, let errno):
            return "\(operation) failed with errno \(errno)"
        case .sequenceMismatch(let expected, let received):
            return "reply carries sequence number \(received), expected \(expected)"
        case .datagramTruncated(let size, let capacity):
            return "netlink datagram of \(size) bytes exceeds the \(capacity)-byte receive buffer"
        case .overrun:
            return "the kernel dropped netlink messages that were not read in time (ENOBUFS)"
        }
    }
}
