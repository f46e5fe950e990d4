import CNetlink

/// Netlink aligns messages and attributes to 4 bytes; the C macros do not import into Swift.
enum NetlinkAlignment {
    static let messageHeaderLength = Int(KWIK_NLMSG_HDRLEN)
    static let attributeHeaderLength = Int(KWIK_NLA_HDRLEN)
    static let genericHeaderLength = Int(KWIK_GENL_HDRLEN)

    /// Returns nil instead of overflowing for lengths near Int.max.
    static func aligned(_ length: Int, to alignment: Int) -> Int? {
        let (sum, overflow) = length.addingReportingOverflow(alignment - 1)
        return overflow ? nil : sum & ~(alignment - 1)
    }

    static func netlinkMessage(_ length: Int) -> Int {
        aligned(length, to: Int(KWIK_NLMSG_ALIGNTO)) ?? length
    }

    static func attribute(_ length: Int) -> Int {
        aligned(length, to: Int(KWIK_NLA_ALIGNTO)) ?? length
    }

    static func padding(after length: Int) -> [UInt8] {
        [UInt8](repeating: 0, count: attribute(length) - length)
    }
}
