import KwikMPTCP
import Testing

/// Expected bytes are written out by hand from the UAPI layouts (little-endian host); the
/// path-manager ones were also sent to kernel 6.18 once and acknowledged.
@Suite struct RequestEncodingTests {
    @Test func familyLookup() {
        let expected: [UInt8] = [
            0x24, 0, 0, 0, 0x10, 0, 0x05, 0, 0, 0, 0, 0, 0, 0, 0, 0,  // nlmsghdr: GENL_ID_CTRL, REQUEST|ACK
            0x03, 0x01, 0, 0,  // CTRL_CMD_GETFAMILY v1
            0x0d, 0, 0x02, 0, 0x6d, 0x70, 0x74, 0x63, 0x70, 0x5f, 0x70, 0x6d, 0, 0, 0, 0,  // "mptcp_pm\0" + pad
        ]
        #expect(GenericNetlinkFamily.request().encoded() == expected)
    }

    @Test func mptcpSockDiagDump() {
        let expected: [UInt8] =
            [0x50, 0, 0, 0, 0x14, 0, 0x01, 0x03, 0, 0, 0, 0, 0, 0, 0, 0]  // SOCK_DIAG_BY_FAMILY, REQUEST|DUMP
            + [0x02, 0x06, 0x02, 0, 0xff, 0xff, 0xff, 0xff]  // AF_INET, TCP, INET_DIAG_INFO bit, all states
            + [UInt8](repeating: 0, count: 48)  // inet_diag_sockid wildcard
            + [0x08, 0, 0x03, 0, 0x06, 0x01, 0, 0]  // INET_DIAG_REQ_PROTOCOL = 262
        #expect(SockDiagRequest(family: 2, transport: .mptcp).message().encoded() == expected)
    }

    @Test func tcpSockDiagDumpHasNoProtocolAttribute() {
        let bytes = SockDiagRequest(family: 10, transport: .tcp).message().encoded()
        #expect(bytes.count == 72)
        #expect(bytes[0] == 72)
        #expect(Array(bytes[16..<20]) == [0x0a, 0x06, 0x02, 0])
    }

    @Test func getEndpointsDump() {
        let expected: [UInt8] = [0x14, 0, 0, 0, 0x1c, 0, 0x01, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0x03, 0x01, 0, 0]
        #expect(PathManagerRequest.getEndpoints(family: 28).encoded() == expected)
    }

    @Test func getLimits() {
        let expected: [UInt8] = [0x14, 0, 0, 0, 0x1c, 0, 0x05, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x06, 0x01, 0, 0]
        #expect(PathManagerRequest.getLimits(family: 28).encoded() == expected)
    }

    @Test func addEndpoint() {
        let endpoint = PathManagerEndpoint(id: 9, address: .v4(127, 0, 0, 5), flags: .subflow)
        let expected: [UInt8] = [
            0x38, 0, 0, 0, 0x1c, 0, 0x05, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x01, 0, 0,
            0x24, 0, 0x01, 0x80,  // MPTCP_PM_ATTR_ADDR | NLA_F_NESTED
            0x06, 0, 0x01, 0, 0x02, 0, 0, 0,  // FAMILY AF_INET
            0x05, 0, 0x02, 0, 0x09, 0, 0, 0,  // ID 9
            0x08, 0, 0x03, 0, 0x7f, 0, 0, 0x05,  // ADDR4 127.0.0.5
            0x08, 0, 0x06, 0, 0x02, 0, 0, 0,  // FLAGS subflow
        ]
        #expect(PathManagerRequest.addEndpoint(family: 28, endpoint).encoded() == expected)
    }

    @Test func setBackupKeepsFullmesh() {
        let endpoint = PathManagerEndpoint(id: 9, address: .v4(127, 0, 0, 5), flags: [.subflow, .fullmesh])
        let expected: [UInt8] = [
            0x28, 0, 0, 0, 0x1c, 0, 0x05, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x07, 0x01, 0, 0,
            0x14, 0, 0x01, 0x80,
            0x05, 0, 0x02, 0, 0x09, 0, 0, 0,  // ID 9
            0x08, 0, 0x06, 0, 0x0c, 0, 0, 0,  // FLAGS backup | fullmesh
        ]
        #expect(PathManagerRequest.setBackup(family: 28, endpoint: endpoint, backup: true).encoded() == expected)
        let cleared = PathManagerRequest.setBackup(family: 28, endpoint: endpoint, backup: false).encoded()
        #expect(Array(cleared[36..<40]) == [0x08, 0, 0, 0])
    }

    @Test func deleteEndpoint() {
        let expected: [UInt8] = [
            0x20, 0, 0, 0, 0x1c, 0, 0x05, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x01, 0, 0,
            0x0c, 0, 0x01, 0x80, 0x05, 0, 0x02, 0, 0x09, 0, 0, 0,
        ]
        #expect(PathManagerRequest.deleteEndpoint(family: 28, endpointID: 9).encoded() == expected)
    }

    @Test func encodedMessagesRoundTrip() throws {
        let original = PathManagerRequest.addEndpoint(
            family: 28, PathManagerEndpoint(address: .v4(10, 1, 2, 3), port: 8080, flags: [.signal, .backup]))
        let parsed = try #require(NetlinkMessage.parseAll(original.encoded()).first)
        #expect(parsed == original)
        let nest = try #require(GenericNetlinkMessage(parsing: parsed).attributes.first(1))
        #expect(nest.isNested)
        let endpoint = try PathManagerEndpoint(attributes: nest.nested())
        #expect(endpoint.address.description == "10.1.2.3")
        #expect(endpoint.port == 8080)
        #expect(endpoint.flags == [.signal, .backup])
    }
}
