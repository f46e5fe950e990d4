import CNetlink
import Glibc

/// A SOCK_DIAG_BY_FAMILY dump request for TCP or MPTCP sockets of one address family.
public struct SockDiagRequest: Equatable, Sendable {
    public enum Transport: Equatable, Sendable {
        case tcp
        case mptcp
    }

    public let family: UInt8
    public let transport: Transport
    /// Bit mask of TCP states (1 << state); all states by default.
    public let states: UInt32

    public init(family: Int32, transport: Transport, states: UInt32 = .max) {
        self.family = UInt8(truncatingIfNeeded: family)
        self.transport = transport
        self.states = states
    }

    /// MPTCP sockets of both families: dual-stack listeners put their connections under AF_INET6.
    public static let mptcpDumps = [AF_INET, AF_INET6].map { SockDiagRequest(family: $0, transport: .mptcp) }
    public static let tcpDumps = [AF_INET, AF_INET6].map { SockDiagRequest(family: $0, transport: .tcp) }

    public func message() -> NetlinkMessage {
        var request = inet_diag_req_v2()
        request.sdiag_family = family
        // IPPROTO_MPTCP (262) does not fit the u8 field: the kernel reads the real protocol from
        // INET_DIAG_REQ_PROTOCOL and expects IPPROTO_TCP here.
        request.sdiag_protocol = UInt8(IPPROTO_TCP)
        request.idiag_ext = UInt8(1 << (INET_DIAG_INFO - 1))
        request.idiag_states = states
        var payload = KernelBytes.bytes(of: request)
        if transport == .mptcp {
            payload += NetlinkAttribute.uint32(UInt16(INET_DIAG_REQ_PROTOCOL), UInt32(KWIK_IPPROTO_MPTCP)).encoded()
        }
        return NetlinkMessage(
            type: UInt16(SOCK_DIAG_BY_FAMILY), flags: UInt16(NLM_F_REQUEST | NLM_F_DUMP), payload: payload)
    }
}
