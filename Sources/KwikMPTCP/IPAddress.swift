/// An IPv4 or IPv6 address in network byte order.
public struct IPAddress: Hashable, Sendable, CustomStringConvertible {
    public let bytes: [UInt8]

    /// Accepts only the two real address sizes.
    public init(bytes: [UInt8]) throws {
        guard bytes.count == 4 || bytes.count == 16 else {
            throw NetlinkDecodingError.invalidValue(what: "IP address", detail: "\(bytes.count) bytes")
        }
        self.bytes = bytes
    }

    public static func v4(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) -> IPAddress {
        IPAddress(unchecked: [a, b, c, d])
    }

    private init(unchecked bytes: [UInt8]) {
        self.bytes = bytes
    }

    public var isIPv4: Bool { bytes.count == 4 }

    /// The IPv4 address inside an IPv4-mapped IPv6 address (::ffff:a.b.c.d), as dual-stack listeners report.
    public var unmappedIPv4: IPAddress? {
        if isIPv4 { return self }
        guard bytes.prefix(10).allSatisfy({ $0 == 0 }), bytes[10] == 0xff, bytes[11] == 0xff else { return nil }
        return IPAddress(unchecked: Array(bytes[12..<16]))
    }

    public var description: String {
        if isIPv4 { return bytes.map(String.init).joined(separator: ".") }
        if let mapped = unmappedIPv4 { return "::ffff:\(mapped)" }
        return Self.formatIPv6(bytes)
    }

    /// RFC 5952 form: lowercase hex groups, the longest run of two or more zero groups as "::".
    private static func formatIPv6(_ bytes: [UInt8]) -> String {
        let groups = stride(from: 0, to: 16, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }
        var best = (start: -1, length: 0)
        var index = 0
        while index < groups.count {
            guard groups[index] == 0 else {
                index += 1
                continue
            }
            let start = index
            while index < groups.count && groups[index] == 0 { index += 1 }
            if index - start > best.length { best = (start, index - start) }
        }
        let hex = groups.map { String($0, radix: 16) }
        guard best.length >= 2 else { return hex.joined(separator: ":") }
        let head = hex[..<best.start].joined(separator: ":")
        let tail = hex[(best.start + best.length)...].joined(separator: ":")
        return "\(head)::\(tail)"
    }
}
