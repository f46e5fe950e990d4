import Glibc

/// `--filter`: a port or an address; a connection matches when either end of it, or of one of its
/// subflows, has that port or address.
public enum MPTCPFilter: Equatable, Sendable {
    case port(UInt16)
    case address(IPAddress)

    public struct Invalid: Error, CustomStringConvertible {
        public let text: String
        public var description: String {
            "'\(text)' is neither a port (1-65535) nor an IPv4 or IPv6 address"
        }
    }

    public init(_ text: String) throws {
        if !text.isEmpty, text.allSatisfy(\.isASCII), text.allSatisfy(\.isNumber) {
            guard let port = UInt16(text), port > 0 else { throw Invalid(text: text) }
            self = .port(port)
            return
        }
        let bare = text.hasPrefix("[") && text.hasSuffix("]") ? String(text.dropFirst().dropLast()) : text
        var v4 = in_addr()
        var v6 = in6_addr()
        if inet_pton(AF_INET, bare, &v4) == 1 {
            self = .address(try IPAddress(bytes: KernelBytes.bytes(of: v4)))
        } else if inet_pton(AF_INET6, bare, &v6) == 1 {
            self = .address(try IPAddress(bytes: withUnsafeBytes(of: &v6) { Array($0) }))
        } else {
            throw Invalid(text: text)
        }
    }

    public func matches(_ connection: MPTCPConnection) -> Bool {
        matches(connection.socket) || connection.subflows.contains { matches($0.socket) }
    }

    func matches(_ socket: InetDiagSocket) -> Bool {
        matches(ports: [socket.localPort, socket.remotePort], addresses: [socket.localAddress, socket.remoteAddress])
    }

    /// An event matches by the ends it names; one that names none (a connection closed, an address
    /// removed) is matched by its token instead, by the caller.
    public func matches(_ event: PathManagerEventAttributes) -> Bool {
        matches(
            ports: [event.sourcePort, event.destinationPort].compactMap { $0 },
            addresses: [event.sourceAddress, event.destinationAddress].compactMap { $0 })
    }

    private func matches(ports: [UInt16], addresses: [IPAddress]) -> Bool {
        switch self {
        case .port(let port):
            return ports.contains(port)
        case .address(let address):
            let wanted = address.unmappedIPv4 ?? address
            return addresses.contains { ($0.unmappedIPv4 ?? $0) == wanted }
        }
    }
}
