/// One look at the host's MPTCP connections and their subflows, from sock_diag.
public enum MPTCPDump {
    /// Dumps the MPTCP sockets, then the TCP ones, and joins them; a connection opened between the two
    /// dumps shows its subflows at the next look.
    public static func take() throws -> MPTCPSnapshot {
        var socket = try NetlinkSocket(.sockDiag)
        var connections: [MPTCPConnection] = []
        for request in SockDiagRequest.mptcpDumps {
            connections += try SockDiagResponse.connections(from: socket.request(request.message()))
        }
        var tcpSockets: [TCPDiagSocket] = []
        for request in SockDiagRequest.tcpDumps {
            tcpSockets += try SockDiagResponse.tcpSockets(from: socket.request(request.message()))
        }
        return MPTCPSnapshot(connections: connections, tcpSockets: tcpSockets)
    }
}
