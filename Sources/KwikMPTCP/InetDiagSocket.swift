import CNetlink
import Glibc

/// The socket identity part of a sock_diag reply (struct inet_diag_msg), shared by TCP and MPTCP.
public struct InetDiagSocket: Equatable, Sendable {
    public let family: UInt8
    public let state: UInt8
    public let localAddress: IPAddress
    public let localPort: UInt16
    public let remoteAddress: IPAddress
    public let remotePort: UInt16
    public let interfaceIndex: UInt32
    public let cookie: UInt64
    public let inode: UInt32
    public let uid: UInt32
    public let receiveQueue: UInt32
    public let sendQueue: UInt32

    /// Parses the fixed header; inet_diag_msg has not changed size since it was introduced.
    init(payload: [UInt8]) throws {
        let header = try KernelStruct(
            payload, zero: inet_diag_msg(), minimumLength: MemoryLayout<inet_diag_msg>.size, what: "inet_diag_msg"
        ).value
        let addressLength: Int
        switch Int32(header.idiag_family) {
        case AF_INET: addressLength = 4
        case AF_INET6: addressLength = 16
        default:
            throw NetlinkDecodingError.invalidValue(what: "idiag_family", detail: "\(header.idiag_family)")
        }
        family = header.idiag_family
        state = header.idiag_state
        localAddress = try IPAddress(bytes: Array(KernelBytes.bytes(of: header.id.idiag_src).prefix(addressLength)))
        remoteAddress = try IPAddress(bytes: Array(KernelBytes.bytes(of: header.id.idiag_dst).prefix(addressLength)))
        localPort = UInt16(bigEndian: header.id.idiag_sport)
        remotePort = UInt16(bigEndian: header.id.idiag_dport)
        interfaceIndex = header.id.idiag_if
        cookie = UInt64(header.id.idiag_cookie.1) << 32 | UInt64(header.id.idiag_cookie.0)
        inode = header.idiag_inode
        uid = header.idiag_uid
        receiveQueue = header.idiag_rqueue
        sendQueue = header.idiag_wqueue
    }

    /// The kernel's TCP state names as `ss` prints them; MPTCP sockets reuse the TCP states.
    public var stateName: String {
        switch Int(state) {
        case TCP_ESTABLISHED: return "ESTAB"
        case TCP_SYN_SENT: return "SYN-SENT"
        case TCP_SYN_RECV: return "SYN-RECV"
        case TCP_FIN_WAIT1: return "FIN-WAIT-1"
        case TCP_FIN_WAIT2: return "FIN-WAIT-2"
        case TCP_TIME_WAIT: return "TIME-WAIT"
        case TCP_CLOSE: return "UNCONN"
        case TCP_CLOSE_WAIT: return "CLOSE-WAIT"
        case TCP_LAST_ACK: return "LAST-ACK"
        case TCP_LISTEN: return "LISTEN"
        case TCP_CLOSING: return "CLOSING"
        default: return "STATE-\(state)"
        }
    }

    /// Attributes that follow the fixed header in the same message.
    static func attributes(after payload: [UInt8]) throws -> NetlinkAttributes {
        let start = NetlinkAlignment.netlinkMessage(MemoryLayout<inet_diag_msg>.size)
        guard payload.count > start else { return NetlinkAttributes([]) }
        return try NetlinkAttributes(parsing: Array(payload[start...]))
    }
}
