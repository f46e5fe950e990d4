import KwikMPTCP
import Testing

/// Talks to the running kernel; zero MPTCP connections is a valid answer.
@Suite struct LiveSockDiagTests {
    @Test func mptcpDumpSucceeds() throws {
        var socket = try NetlinkSocket(.sockDiag)
        var connections: [MPTCPConnection] = []
        for request in SockDiagRequest.mptcpDumps {
            connections += try SockDiagResponse.connections(from: socket.request(request.message()))
        }
        for connection in connections {
            #expect(connection.socket.family == 2 || connection.socket.family == 10)
        }
    }
}
