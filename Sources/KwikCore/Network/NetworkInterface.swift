import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// One of the host's interfaces as `getifaddrs` lists it: a path can be bound to it.
public struct NetworkInterface: Sendable, Equatable {
    public var name: String
    public var isUp: Bool
    public var isLoopback: Bool
    /// Its IPv4 and IPv6 addresses, as text; IPv6 link-local ones are left out (they need a scope).
    public var addresses: [String]

    public init(name: String, isUp: Bool, isLoopback: Bool, addresses: [String]) {
        self.name = name
        self.isUp = isUp
        self.isLoopback = isLoopback
        self.addresses = addresses
    }

    /// Every interface with at least one address, in the order the kernel lists them.
    public static func current() -> [NetworkInterface] {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0, let first = list else { return [] }
        defer { freeifaddrs(list) }
        var interfaces: [NetworkInterface] = []
        for entry in sequence(first: first, next: { $0.pointee.ifa_next }) {
            let flags = entry.pointee.ifa_flags
            guard let name = entry.pointee.ifa_name.map({ String(cString: $0) }), let raw = entry.pointee.ifa_addr,
                let address = text(of: raw)
            else { continue }
            if let index = interfaces.firstIndex(where: { $0.name == name }) {
                interfaces[index].addresses.append(address)
            } else {
                interfaces.append(
                    NetworkInterface(
                        name: name, isUp: flags & UInt32(IFF_UP) != 0 && flags & UInt32(IFF_RUNNING) != 0,
                        isLoopback: flags & UInt32(IFF_LOOPBACK) != 0, addresses: [address]))
            }
        }
        return interfaces
    }

    /// The interface holding `address`, if any does.
    public static func holding(_ address: String, in interfaces: [NetworkInterface] = current()) -> String? {
        interfaces.first { $0.addresses.contains(address) }?.name
    }

    private static func text(of address: UnsafeMutablePointer<sockaddr>) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        switch Int32(address.pointee.sa_family) {
        case AF_INET:
            return address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { v4 in
                var raw = v4.pointee.sin_addr
                return inet_ntop(AF_INET, &raw, &buffer, socklen_t(buffer.count)).map { String(cString: $0) }
            }
        case AF_INET6:
            return address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { v6 in
                guard v6.pointee.sin6_scope_id == 0 else { return nil }
                var raw = v6.pointee.sin6_addr
                return inet_ntop(AF_INET6, &raw, &buffer, socklen_t(buffer.count)).map { String(cString: $0) }
            }
        default:
            return nil
        }
    }
}
