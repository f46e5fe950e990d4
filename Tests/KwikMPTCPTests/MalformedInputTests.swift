import KwikMPTCP
import Testing

/// Malformed kernel bytes must throw a NetlinkDecodingError, never trap.
@Suite struct MalformedInputTests {
    @Test func truncatedMessageHeader() {
        #expect(throws: NetlinkDecodingError.truncated(what: "netlink header", needed: 16, available: 6)) {
            try NetlinkMessage.parseAll([0x10, 0, 0, 0, 0x14, 0])
        }
    }

    @Test func messageLengthSmallerThanHeader() {
        let bytes: [UInt8] = [0x08, 0, 0, 0, 0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
        #expect(throws: NetlinkDecodingError.lengthTooSmall(what: "netlink message", length: 8, minimum: 16)) {
            try NetlinkMessage.parseAll(bytes)
        }
    }

    @Test func messageLengthBeyondBuffer() {
        let bytes: [UInt8] = [0x64, 0, 0, 0, 0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4]
        #expect(throws: NetlinkDecodingError.lengthBeyondBuffer(what: "netlink message", length: 100, available: 20)) {
            try NetlinkMessage.parseAll(bytes)
        }
    }

    @Test func maximalLengthsDoNotOverflow() {
        let bytes: [UInt8] = [0xff, 0xff, 0xff, 0xff] + [UInt8](repeating: 0, count: 12)
        #expect(throws: NetlinkDecodingError.self) { try NetlinkMessage.parseAll(bytes) }
        #expect(throws: NetlinkDecodingError.self) { try NetlinkAttributes(parsing: [0xff, 0xff, 1, 0]) }
    }

    @Test func attributeLengthBeyondBuffer() {
        #expect(throws: NetlinkDecodingError.lengthBeyondBuffer(what: "attribute 1", length: 32, available: 8)) {
            try NetlinkAttributes(parsing: [0x20, 0, 0x01, 0, 1, 2, 3, 4])
        }
    }

    @Test func attributeLengthSmallerThanHeader() {
        #expect(throws: NetlinkDecodingError.lengthTooSmall(what: "attribute 1", length: 2, minimum: 4)) {
            try NetlinkAttributes(parsing: [0x02, 0, 0x01, 0])
        }
    }

    @Test func truncatedAttributeHeader() {
        #expect(throws: NetlinkDecodingError.truncated(what: "attribute header", needed: 4, available: 2)) {
            try NetlinkAttributes(parsing: [0x08, 0x00, 0x04, 0x00, 0, 0, 0, 0, 0x08, 0x00])
        }
    }

    @Test func nestedAttributeOverflowsItsParent() throws {
        // The outer attribute is well-formed; its child claims 40 bytes inside an 8-byte payload.
        let outer = try NetlinkAttributes(parsing: [0x0c, 0, 0x01, 0x80, 0x28, 0, 0x02, 0, 9, 0, 0, 0])
        let nest = try #require(outer.first(1))
        #expect(throws: NetlinkDecodingError.lengthBeyondBuffer(what: "attribute 2", length: 40, available: 8)) {
            try nest.nested()
        }
    }

    @Test func nestedOverflowInARealEndpointReply() throws {
        var messages = try Fixture.messages("get_addr_dump.bin")
        // Payload: genlmsghdr(4), MPTCP_PM_ATTR_ADDR header(4), then the first child's nla_len.
        messages[0].payload[8] = 0xf0
        #expect(throws: NetlinkDecodingError.self) { try PathManagerEndpoint.decode(dump: messages) }
    }

    @Test func scalarWithWrongSize() {
        let attribute = NetlinkAttribute(type: 1, payload: [1, 2, 3])
        #expect(throws: NetlinkDecodingError.invalidValue(what: "attribute 1", detail: "expected 4 bytes, got 3")) {
            try attribute.uint32()
        }
    }

    @Test func diagMessageShorterThanInetDiagMsg() throws {
        var message = try #require(Fixture.messages("sock_diag_mptcp_inet.bin").first)
        message.payload = Array(message.payload.prefix(40))
        #expect(throws: NetlinkDecodingError.truncated(what: "inet_diag_msg", needed: 72, available: 40)) {
            try MPTCPConnection(message: message)
        }
    }

    @Test func structsShorterThanTheirOldestLayout() {
        #expect(throws: NetlinkDecodingError.truncated(what: "mptcp_info", needed: 16, available: 8)) {
            try MPTCPInfo(payload: [UInt8](repeating: 0, count: 8))
        }
        #expect(throws: NetlinkDecodingError.truncated(what: "tcp_info", needed: 104, available: 50)) {
            try TCPInfo(payload: [UInt8](repeating: 0, count: 50))
        }
    }

    @Test func shortGenericHeaderAndBadAddress() {
        let message = NetlinkMessage(type: 28, flags: 0, payload: [3, 1])
        #expect(throws: NetlinkDecodingError.self) { try PathManagerEvent(message: message, family: 28) }
        #expect(throws: NetlinkDecodingError.self) { try IPAddress(bytes: [127, 0, 0]) }
    }

    /// Every prefix and a fixed set of byte corruptions of each fixture: decoding may fail, but only by throwing.
    @Test(arguments: [
        "sock_diag_mptcp_inet.bin", "sock_diag_mptcp_inet6.bin", "sock_diag_tcp_inet.bin", "sock_diag_tcp_inet6.bin",
        "get_addr_dump.bin",
        "get_limits.bin", "getfamily_mptcp_pm.bin", "pm_events.bin", "del_addr_missing.bin",
    ])
    func corruptedFixturesNeverTrap(name: String) throws {
        let original = try Fixture.bytes(name)
        for length in 0..<original.count { Self.decodeEverything(Array(original.prefix(length))) }
        var state: UInt64 = 0x9e37_79b9_7f4a_7c15
        for _ in 0..<300 {
            var bytes = original
            for _ in 0..<3 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                bytes[Int(state >> 33) % bytes.count] = UInt8(truncatingIfNeeded: state >> 17)
            }
            Self.decodeEverything(bytes)
        }
    }

    static func decodeEverything(_ bytes: [UInt8]) {
        guard let messages = try? NetlinkMessage.parseAll(bytes) else { return }
        _ = try? SockDiagResponse.connections(from: messages)
        _ = try? SockDiagResponse.tcpSockets(from: messages)
        _ = try? PathManagerEndpoint.decode(dump: messages)
        _ = try? PathManagerLimits.decode(reply: messages)
        _ = try? GenericNetlinkFamily.decode(reply: messages)
        for message in messages {
            _ = try? NetlinkStatus(message)
            _ = try? PathManagerEvent(message: message, family: Fixture.pathManagerFamily)
        }
    }
}
