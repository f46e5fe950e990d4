import Glibc
import KwikMPTCP
import Testing

@Suite struct NetlinkStatusTests {
    @Test func deleteOfMissingEndpointCarriesExtendedAck() throws {
        // Deleting a missing endpoint id: kernel 6.18 answers EINVAL, not ENOENT.
        let message = try #require(Fixture.messages("del_addr_missing.bin").first)
        let status = try NetlinkStatus(message)
        #expect(status == .failed(NetlinkKernelError(errno: EINVAL, extendedMessage: "address not found")))
    }

    @Test func errnoMappings() {
        #expect(NetlinkKernelError(errno: EPERM).description.contains("CAP_NET_ADMIN"))
        #expect(NetlinkKernelError(errno: EOPNOTSUPP).description.contains("EOPNOTSUPP"))
        #expect(NetlinkKernelError(errno: ENOENT).description.contains("ENOENT"))
        #expect(NetlinkKernelError(errno: EINVAL, extendedMessage: "x").description == "kernel returned errno 22: x")
    }

    @Test func acknowledgementAndDone() throws {
        let ack = NetlinkMessage(type: 2, flags: 0x100, payload: [0, 0, 0, 0] + [UInt8](repeating: 0, count: 16))
        #expect(try NetlinkStatus(ack) == .acknowledged)
        #expect(try NetlinkStatus(NetlinkMessage(type: 3, flags: 2, payload: [0, 0, 0, 0])) == .done)
        #expect(try NetlinkStatus(NetlinkMessage(type: 20, flags: 2, payload: [])) == nil)
    }

    @Test func failedDumpReportsErrnoInDone() throws {
        let done = NetlinkMessage(type: 3, flags: 2, payload: [0xff, 0xff, 0xff, 0xff])  // -EPERM
        #expect(try NetlinkStatus(done) == .failed(NetlinkKernelError(errno: EPERM)))
        #expect(throws: NetlinkKernelError(errno: EPERM)) { try SockDiagResponse.connections(from: [done]) }
    }

    @Test func unrepresentableErrnoDoesNotTrap() throws {
        let minimum: [UInt8] = [0, 0, 0, 0x80]
        #expect(try NetlinkStatus(NetlinkMessage(type: 3, flags: 2, payload: minimum)) != .done)
        #expect(try NetlinkStatus(NetlinkMessage(type: 2, flags: 0, payload: minimum + [0, 0, 0, 0])) != .acknowledged)
    }

    @Test func truncatedErrorMessageThrows() {
        #expect(throws: NetlinkDecodingError.self) {
            try NetlinkStatus(NetlinkMessage(type: 2, flags: 0, payload: [1]))
        }
        let lying = NetlinkMessage(type: 2, flags: 0x200, payload: [0xea, 0xff, 0xff, 0xff, 0xff, 0, 0, 0])
        #expect(throws: NetlinkDecodingError.self) { try NetlinkStatus(lying) }
    }
}
