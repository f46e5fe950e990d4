import CNetlink

/// One netlink attribute (struct nlattr + payload), with typed accessors that validate size.
public struct NetlinkAttribute: Equatable, Sendable {
    /// The attribute type with the NLA_F_NESTED / NLA_F_NET_BYTEORDER bits removed.
    public var type: UInt16
    public var isNested: Bool
    public var payload: [UInt8]

    public init(type: UInt16, nested: Bool = false, payload: [UInt8]) {
        self.type = type
        self.isNested = nested
        self.payload = payload
    }

    public func uint8() throws -> UInt8 { try KernelBytes.exactly(UInt8.self, from: payload, what: name) }
    public func uint16() throws -> UInt16 { try KernelBytes.exactly(UInt16.self, from: payload, what: name) }
    public func uint32() throws -> UInt32 { try KernelBytes.exactly(UInt32.self, from: payload, what: name) }
    public func uint64() throws -> UInt64 { try KernelBytes.exactly(UInt64.self, from: payload, what: name) }
    public func int32() throws -> Int32 { try KernelBytes.exactly(Int32.self, from: payload, what: name) }

    /// A __be16 payload, such as the ports in path-manager events.
    public func bigEndianUInt16() throws -> UInt16 { UInt16(bigEndian: try uint16()) }

    /// A NUL-terminated string; the terminator is optional because some senders omit it.
    public func string() throws -> String {
        let text = payload.prefix { $0 != 0 }
        guard let decoded = String(validating: text, as: UTF8.self) else {
            throw NetlinkDecodingError.invalidValue(what: name, detail: "not UTF-8")
        }
        return decoded
    }

    /// Parses the payload as attributes. Some kernel nests lack NLA_F_NESTED, so it is not required.
    public func nested() throws -> NetlinkAttributes {
        try NetlinkAttributes(parsing: payload)
    }

    /// The wire form, including padding to the attribute alignment.
    public func encoded() -> [UInt8] {
        let length = NetlinkAlignment.attributeHeaderLength + payload.count
        let flaggedType = isNested ? type | UInt16(KWIK_NLA_F_NESTED) : type
        let header = nlattr(nla_len: UInt16(truncatingIfNeeded: length), nla_type: flaggedType)
        return KernelBytes.bytes(of: header) + payload + NetlinkAlignment.padding(after: length)
    }

    private var name: String { "attribute \(type)" }
}

extension NetlinkAttribute {
    public static func uint8(_ type: UInt16, _ value: UInt8) -> NetlinkAttribute {
        NetlinkAttribute(type: type, payload: [value])
    }

    public static func uint16(_ type: UInt16, _ value: UInt16) -> NetlinkAttribute {
        NetlinkAttribute(type: type, payload: KernelBytes.bytes(of: value))
    }

    public static func uint32(_ type: UInt16, _ value: UInt32) -> NetlinkAttribute {
        NetlinkAttribute(type: type, payload: KernelBytes.bytes(of: value))
    }

    public static func int32(_ type: UInt16, _ value: Int32) -> NetlinkAttribute {
        NetlinkAttribute(type: type, payload: KernelBytes.bytes(of: value))
    }

    public static func string(_ type: UInt16, _ value: String) -> NetlinkAttribute {
        NetlinkAttribute(type: type, payload: Array(value.utf8) + [0])
    }

    public static func nested(_ type: UInt16, _ children: [NetlinkAttribute]) -> NetlinkAttribute {
        NetlinkAttribute(type: type, nested: true, payload: children.flatMap { $0.encoded() })
    }
}
