import CNetlink
import Glibc

/// A blocking AF_NETLINK socket that sends one request at a time and collects its replies.
public struct NetlinkSocket: ~Copyable {
    public enum Family: Sendable {
        case sockDiag
        case generic

        var number: Int32 {
            switch self {
            case .sockDiag: return NETLINK_SOCK_DIAG
            case .generic: return NETLINK_GENERIC
            }
        }
    }

    /// Kernels batch dumps into datagrams of at most 32 KiB; MSG_TRUNC catches anything larger.
    private static let receiveCapacity = 1 << 16
    private let descriptor: Int32
    private var nextSequence: UInt32 = 1

    public init(_ family: Family) throws {
        let descriptor = Glibc.socket(
            AF_NETLINK, Int32(SOCK_RAW.rawValue) | Int32(SOCK_CLOEXEC.rawValue), family.number)
        guard descriptor >= 0 else {
            switch errno {
            case EPROTONOSUPPORT: throw NetlinkSocketError.protocolNotSupported("\(family)")
            case EPERM, EACCES: throw NetlinkSocketError.permissionDenied(operation: "opening a netlink socket")
            default: throw NetlinkSocketError.system(operation: "socket", errno: errno)
            }
        }
        // Binding assigns a port id; kernel broadcasts skip unbound sockets, whose port id is 0.
        var address = sockaddr_nl()
        address.nl_family = sa_family_t(AF_NETLINK)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_nl>.size))
            }
        }
        guard bound == 0 else {
            let failure = errno
            close(descriptor)
            throw NetlinkSocketError.system(operation: "bind", errno: failure)
        }
        self.descriptor = descriptor
        // Extended acks carry the kernel's reason text; older kernels reject the option, which is harmless.
        var enable: Int32 = 1
        _ = setsockopt(descriptor, SOL_NETLINK, NETLINK_EXT_ACK, &enable, socklen_t(MemoryLayout<Int32>.size))
    }

    deinit {
        close(descriptor)
    }

    /// Sends `message` with a fresh sequence number and returns the data replies, ending at
    /// NLMSG_DONE or the ACK. Kernel errors are thrown as NetlinkKernelError.
    public mutating func request(_ message: NetlinkMessage) throws -> [NetlinkMessage] {
        var outgoing = message
        outgoing.sequence = nextSequence
        nextSequence &+= 1
        // Only a dump ends with NLMSG_DONE; anything else needs an ACK to know the reply is complete.
        if outgoing.flags & UInt16(NLM_F_DUMP) != UInt16(NLM_F_DUMP) { outgoing.flags |= UInt16(NLM_F_ACK) }
        try send(outgoing.encoded())
        var replies: [NetlinkMessage] = []
        while true {
            for reply in try receive() {
                guard reply.sequence == outgoing.sequence else {
                    throw NetlinkSocketError.sequenceMismatch(expected: outgoing.sequence, received: reply.sequence)
                }
                switch try NetlinkStatus(reply) {
                case .done, .acknowledged: return replies
                case .failed(let error): throw error
                case nil: replies.append(reply)
                }
            }
        }
    }

    /// Subscribes to a multicast group such as GenericNetlinkFamily.mptcpEventsGroup. Use a socket
    /// of its own: events carry sequence 0 and would fail `request`'s sequence check.
    public func joinGroup(_ group: UInt32) throws {
        var group = group
        guard
            setsockopt(descriptor, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &group, socklen_t(MemoryLayout<UInt32>.size))
                == 0
        else {
            if errno == EPERM || errno == EACCES {
                throw NetlinkSocketError.permissionDenied(operation: "joining multicast group \(group)")
            }
            throw NetlinkSocketError.system(operation: "NETLINK_ADD_MEMBERSHIP", errno: errno)
        }
    }

    /// Blocks for one datagram and splits it into messages.
    public func receive() throws -> [NetlinkMessage] {
        var buffer = [UInt8](repeating: 0, count: Self.receiveCapacity)
        let count = buffer.withUnsafeMutableBytes { raw in
            retryingInterrupts { recv(descriptor, raw.baseAddress, raw.count, Int32(MSG_TRUNC)) }
        }
        guard count >= 0 else {
            if errno == ENOBUFS { throw NetlinkSocketError.overrun }
            throw NetlinkSocketError.system(operation: "recv", errno: errno)
        }
        guard count <= buffer.count else {
            throw NetlinkSocketError.datagramTruncated(size: count, capacity: buffer.count)
        }
        return try NetlinkMessage.parseAll(Array(buffer.prefix(count)))
    }

    /// Waits at most `milliseconds` for a datagram, then splits it as `receive()` does; nil when none
    /// came, so that a reading thread can look up between datagrams.
    public func receive(waitingAtMost milliseconds: Int32) throws -> [NetlinkMessage]? {
        var watched = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        let ready = retryingInterrupts { Int(poll(&watched, 1, milliseconds)) }
        guard ready >= 0 else { throw NetlinkSocketError.system(operation: "poll", errno: errno) }
        return ready == 0 ? nil : try receive()
    }

    private func send(_ bytes: [UInt8]) throws {
        let sent = bytes.withUnsafeBytes { raw in
            retryingInterrupts { Glibc.send(descriptor, raw.baseAddress, raw.count, 0) }
        }
        // Netlink datagrams are sent whole or not at all.
        guard sent >= 0 else {
            if errno == EPERM || errno == EACCES { throw NetlinkSocketError.permissionDenied(operation: "send") }
            throw NetlinkSocketError.system(operation: "send", errno: errno)
        }
    }

    private func retryingInterrupts(_ call: () -> Int) -> Int {
        while true {
            let result = call()
            if result >= 0 || errno != EINTR { return result }
        }
    }
}
