import CNetlink

/// One TCP socket from a sock_diag dump, with its upper-layer protocol if it has one.
public struct TCPDiagSocket: Equatable, Sendable {
    public let socket: InetDiagSocket
    /// nil for TIME-WAIT and request sockets, which carry no tcp_info.
    public let tcpInfo: TCPInfo?
    /// INET_ULP_INFO_NAME, "mptcp" for MPTCP subflows.
    public let ulpName: String?
    public let mptcp: MPTCPSubflowAttributes?

    public init(message: NetlinkMessage) throws {
        guard message.type == UInt16(SOCK_DIAG_BY_FAMILY) else {
            throw NetlinkDecodingError.unexpectedMessageType(message.type)
        }
        socket = try InetDiagSocket(payload: message.payload)
        let attributes = try InetDiagSocket.attributes(after: message.payload)
        tcpInfo = try attributes.first(INET_DIAG_INFO).map { try TCPInfo(payload: $0.payload) }
        let ulp = try attributes.first(INET_DIAG_ULP_INFO)?.nested()
        ulpName = try ulp?.first(INET_ULP_INFO_NAME)?.string()
        mptcp = try ulp?.first(INET_ULP_INFO_MPTCP).map { try MPTCPSubflowAttributes(attributes: $0.nested()) }
    }
}
