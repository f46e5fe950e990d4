import KwikMPTCP
import Testing

/// Values checked by hand against `ss -Mani` / `ss -tani` taken during the same transfer:
/// client 127.0.0.1:58444 (iperf3 control) and :58446 (data) to 127.0.0.1:5201.
@Suite struct SockDiagFixtureTests {
    static let clientTokens: [UInt32] = [0xc71b_aa00, 0xe8f8_e520]
    static let serverTokens: [UInt32] = [0xe11b_3b7b, 0xf471_688f]

    func snapshot() throws -> MPTCPSnapshot { try Fixture.snapshot() }

    @Test func mptcpDumpDecodesClientConnections() throws {
        let connections = try SockDiagResponse.connections(from: Fixture.messages("sock_diag_mptcp_inet.bin"))
        #expect(connections.map(\.socket.localPort) == [58444, 58446])
        #expect(connections.map(\.token) == Self.clientTokens)
        for connection in connections {
            let info = try #require(connection.info)
            #expect(connection.socket.localAddress == .v4(127, 0, 0, 1))
            #expect(connection.socket.remoteAddress == .v4(127, 0, 0, 1))
            #expect(connection.socket.remotePort == 5201)
            #expect(connection.socket.stateName == "ESTAB")
            #expect(connection.socket.inode != 0)
            #expect(connection.socket.uid == 0)
            #expect(info.subflows == 3)
            #expect(info.subflowsMax == 4)
            #expect(info.addAddrAcceptedMax == 4)
            #expect(info.remoteKeyReceived)
            #expect(!info.isFallback)
            // Kernel 6.18 sends 96 bytes; the installed 6.1 headers describe 48.
            #expect(info.kernelLength == 96)
            #expect(MPTCPInfo.headerLength == 48)
            #expect(MPTCPInfo.knownLength == 96)
            // The counters after the headers' fields, at the kernel's own offsets.
            #expect(info.subflowsTotal == 4, "the first subflow and three joins")
            #expect(info.bytesSent != nil && info.bytesAcknowledged != nil && info.bytesReceived != nil)
            #expect((info.bytesAcknowledged ?? 0) <= (info.bytesSent ?? 0))
            #expect(info.retransmits != nil && info.lastAckReceivedMilliseconds != nil)
        }
        #expect(connections[0].info?.writeSequence == 0xeab9_9c13_7cf7_e0d3)
        #expect(connections[0].info?.receiveNext == 0x5071_0a38_d2cd_c164)
    }

    @Test func dualStackListenerConnectionsAreMappedIPv6() throws {
        let connections = try SockDiagResponse.connections(from: Fixture.messages("sock_diag_mptcp_inet6.bin"))
        let listener = try #require(connections.first { $0.socket.stateName == "LISTEN" })
        #expect(listener.socket.localPort == 5201)
        let accepted = connections.filter { $0.socket.stateName == "ESTAB" }
        #expect(accepted.compactMap(\.token).sorted() == Self.serverTokens.sorted())
        #expect(accepted.allSatisfy { $0.socket.localAddress.description == "::ffff:127.0.0.1" })
        #expect(accepted.allSatisfy { $0.socket.remoteAddress.unmappedIPv4 == .v4(127, 0, 0, 1) })
    }

    @Test func tcpDumpCarriesTCPInfoAndMPTCPULP() throws {
        let sockets = try SockDiagResponse.tcpSockets(from: Fixture.messages("sock_diag_tcp_inet.bin"))
        let subflows = sockets.filter { $0.ulpName == "mptcp" }
        #expect(subflows.count == 8)
        let data = try #require(subflows.first { $0.socket.localPort == 58446 })
        let info = try #require(data.tcpInfo)
        #expect(info.kernelLength == 280)
        #expect(TCPInfo.headerLength == 232)
        #expect(info.state == data.socket.state)
        #expect(info.bytesAcked > 1_000_000)
        #expect(info.smoothedRTTMicroseconds > 0)
        #expect(info.sendCongestionWindow >= 10)
        #expect(info.pacingRate > 0)
        let attributes = try #require(data.mptcp)
        #expect(attributes.localToken == 0xe8f8_e520)
        // The kernel reports the peer's token only on MP_JOIN subflows, not the initial one.
        #expect(attributes.remoteToken == 0)
        #expect(attributes.localID == 0)
        #expect(!attributes.isJoin)
        let joins = subflows.compactMap(\.mptcp).filter { $0.localToken == 0xe8f8_e520 && $0.isJoin }
        #expect(joins.count == 3)
        #expect(joins.allSatisfy { $0.remoteToken == 0xf471_688f })
    }

    @Test func subflowsGroupUnderTheirConnectionToken() throws {
        let snapshot = try snapshot()
        let established = snapshot.connections.filter { $0.socket.stateName == "ESTAB" }
        #expect(established.count == 4)
        for connection in established {
            #expect(connection.subflows.count == 4)
            #expect(connection.subflows.count == Int(connection.info?.subflows ?? 0) + 1)
            #expect(connection.subflows.allSatisfy { $0.attributes.localToken == connection.token })
        }
        let client = try #require(snapshot.connections.first { $0.token == 0xe8f8_e520 })
        let localAddresses = client.subflows.map(\.socket.localAddress.description).sorted()
        #expect(localAddresses == ["127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4"])
        // Joined subflows carry the local endpoint id; the initial subflow has id 0.
        let ids = client.subflows.compactMap(\.attributes.localID).sorted()
        #expect(ids == [0, 1, 2, 3])
        #expect(client.subflows.filter(\.attributes.isJoin).count == 3)
        let server = try #require(snapshot.connections.first { $0.token == 0xf471_688f })
        let peers = server.subflows.compactMap { $0.socket.remoteAddress.unmappedIPv4?.description }.sorted()
        #expect(peers == ["127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4"])
    }

    @Test func mptcpListenerIsNotASubflow() throws {
        // The TCP listener behind the MPTCP listener has ULP "mptcp" but no INET_ULP_INFO_MPTCP nest.
        let sockets = try SockDiagResponse.tcpSockets(from: Fixture.messages("sock_diag_tcp_inet6.bin"))
        let listener = try #require(sockets.first { $0.socket.stateName == "LISTEN" && $0.socket.localPort == 5201 })
        #expect(listener.ulpName == "mptcp")
        #expect(listener.mptcp == nil)
        #expect(MPTCPSubflow(listener) == nil)
        #expect(try snapshot().unmatchedSubflows.isEmpty)
    }

    @Test func subflowFlagsDescribeTheHandshake() throws {
        let client = try #require(snapshot().connections.first { $0.token == 0xe8f8_e520 })
        let initial = try #require(client.subflows.first { $0.attributes.localID == 0 })
        #expect(
            initial.attributes.flags.isSuperset(of: [.capableLocal, .capableRemote, .fullyEstablished, .connected]))
        let joins = client.subflows.filter(\.attributes.isJoin)
        #expect(
            joins.allSatisfy { $0.attributes.flags.contains(.joinLocal) && !$0.attributes.flags.contains(.backupLocal) }
        )
    }
}
