/// Decodes the reply messages of one sock_diag dump, stopping at NLMSG_DONE.
public enum SockDiagResponse {
    public static func connections(from messages: [NetlinkMessage]) throws -> [MPTCPConnection] {
        try NetlinkStatus.dataMessages(in: messages).map(MPTCPConnection.init(message:))
    }

    public static func tcpSockets(from messages: [NetlinkMessage]) throws -> [TCPDiagSocket] {
        try NetlinkStatus.dataMessages(in: messages).map(TCPDiagSocket.init(message:))
    }
}
