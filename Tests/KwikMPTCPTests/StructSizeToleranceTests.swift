import KwikMPTCP
import Testing

/// Kernel structs grow: a shorter (older kernel) and a longer (newer kernel) payload both decode.
@Suite struct StructSizeToleranceTests {
    func realMPTCPInfoPayload() throws -> [UInt8] {
        let message = try #require(Fixture.messages("sock_diag_mptcp_inet.bin").first)
        // Attributes start right after the 72-byte inet_diag_msg; type 2 is INET_DIAG_INFO.
        let attributes = try NetlinkAttributes(parsing: Array(message.payload[72...]))
        return try #require(attributes.first(2)).payload
    }

    @Test func shorterMPTCPInfoZeroFillsMissingFields() throws {
        let full = try MPTCPInfo(payload: realMPTCPInfoPayload())
        let short = try MPTCPInfo(payload: Array(realMPTCPInfoPayload().prefix(24)))
        #expect(short.kernelLength == 24)
        #expect(short.token == full.token)
        #expect(short.subflows == full.subflows)
        #expect(short.writeSequence == full.writeSequence)
        #expect(short.sendUnacknowledged == 0)
        #expect(short.receiveNext == 0)
    }

    /// A kernel before 6.5 sends 48 bytes whose tail is padding: no counter is read from it.
    @Test func countersAreReadOnlyWhenTheKernelSentThem() throws {
        let payload = try realMPTCPInfoPayload()
        let old = try MPTCPInfo(payload: Array(payload.prefix(48)))
        #expect(old.retransmits == nil && old.bytesSent == nil && old.subflowsTotal == nil)
        let middle = try MPTCPInfo(payload: Array(payload.prefix(80)))
        let full = try MPTCPInfo(payload: payload)
        #expect(middle.bytesSent == full.bytesSent && middle.retransmits == full.retransmits)
        #expect(middle.subflowsTotal == nil && middle.lastDataSentMilliseconds == nil)
    }

    @Test func longerMPTCPInfoIgnoresUnknownTail() throws {
        let payload = try realMPTCPInfoPayload()
        let longer = try MPTCPInfo(payload: payload + [UInt8](repeating: 0xaa, count: 64))
        let full = try MPTCPInfo(payload: payload)
        #expect(longer.kernelLength == payload.count + 64)
        #expect(longer.token == full.token)
        #expect(longer.receiveNext == full.receiveNext)
        #expect(longer.checksumEnabled == full.checksumEnabled)
    }

    @Test func tcpInfoOfTheOriginalSizeDecodes() throws {
        let sockets = try SockDiagResponse.tcpSockets(from: Fixture.messages("sock_diag_tcp_inet.bin"))
        let subflow = try #require(sockets.first { $0.ulpName == "mptcp" && $0.tcpInfo != nil })
        let message = try #require(
            Fixture.messages("sock_diag_tcp_inet.bin").first { message in
                (try? TCPDiagSocket(message: message))?.socket == subflow.socket
            })
        let attributes = try NetlinkAttributes(parsing: Array(message.payload[72...]))
        let payload = try #require(attributes.first(2)).payload
        let original = try TCPInfo(payload: Array(payload.prefix(104)))
        #expect(original.kernelLength == 104)
        #expect(original.smoothedRTTMicroseconds == subflow.tcpInfo?.smoothedRTTMicroseconds)
        #expect(original.totalRetransmits == subflow.tcpInfo?.totalRetransmits)
        #expect(original.bytesAcked == 0)
    }
}
