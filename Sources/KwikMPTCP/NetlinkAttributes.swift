import CNetlink

/// A parsed run of attributes. Parsing checks each nla_len against the header size and the
/// bytes left, so a malformed kernel buffer throws instead of reading out of bounds.
public struct NetlinkAttributes: Equatable, Sendable, Sequence {
    public let attributes: [NetlinkAttribute]

    public init(_ attributes: [NetlinkAttribute]) {
        self.attributes = attributes
    }

    public init(parsing bytes: [UInt8]) throws {
        var parsed: [NetlinkAttribute] = []
        var offset = 0
        let headerLength = NetlinkAlignment.attributeHeaderLength
        while offset < bytes.count {
            let available = bytes.count - offset
            guard available >= headerLength else {
                throw NetlinkDecodingError.truncated(
                    what: "attribute header", needed: headerLength, available: available)
            }
            let length = Int(try KernelBytes.load(UInt16.self, from: bytes, at: offset, what: "nla_len"))
            let rawType = try KernelBytes.load(UInt16.self, from: bytes, at: offset + 2, what: "nla_type")
            guard length >= headerLength else {
                throw NetlinkDecodingError.lengthTooSmall(
                    what: "attribute \(rawType)", length: length, minimum: headerLength)
            }
            guard length <= available else {
                throw NetlinkDecodingError.lengthBeyondBuffer(
                    what: "attribute \(rawType & UInt16(KWIK_NLA_TYPE_MASK))", length: length, available: available)
            }
            parsed.append(
                NetlinkAttribute(
                    type: rawType & UInt16(KWIK_NLA_TYPE_MASK),
                    nested: rawType & UInt16(KWIK_NLA_F_NESTED) != 0,
                    payload: Array(bytes[(offset + headerLength)..<(offset + length)])))
            offset += Swift.min(NetlinkAlignment.attribute(length), available)
        }
        attributes = parsed
    }

    public func makeIterator() -> IndexingIterator<[NetlinkAttribute]> {
        attributes.makeIterator()
    }

    /// The first attribute of a type; the kernel never repeats the scalar attributes we read.
    public func first<T: BinaryInteger>(_ type: T) -> NetlinkAttribute? {
        attributes.first { $0.type == UInt16(truncatingIfNeeded: type) }
    }

    public func required<T: BinaryInteger>(_ type: T, _ name: String) throws -> NetlinkAttribute {
        guard let attribute = first(type) else { throw NetlinkDecodingError.missingAttribute(name) }
        return attribute
    }

    public func encoded() -> [UInt8] {
        attributes.flatMap { $0.encoded() }
    }
}
