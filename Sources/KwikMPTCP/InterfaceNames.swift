import Glibc

/// The interface a subflow runs on: the one it is bound to when it is (sock_diag's interface index),
/// otherwise the one holding its local address, which is where the kernel sends from on a host route.
public struct InterfaceNames: Sendable {
    public let byAddress: [IPAddress: String]

    public init(byAddress: [IPAddress: String]) {
        self.byAddress = byAddress
    }

    /// The host's addresses now (getifaddrs); empty if they cannot be read.
    public static func scan() -> InterfaceNames {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0 else { return InterfaceNames(byAddress: [:]) }
        defer { freeifaddrs(list) }
        var names: [IPAddress: String] = [:]
        var entry = list
        while let current = entry {
            entry = current.pointee.ifa_next
            guard let socketAddress = current.pointee.ifa_addr, let name = current.pointee.ifa_name else { continue }
            let bytes: [UInt8]
            switch Int32(socketAddress.pointee.sa_family) {
            case AF_INET:
                bytes = socketAddress.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                    withUnsafeBytes(of: $0.pointee.sin_addr) { Array($0) }
                }
            case AF_INET6:
                bytes = socketAddress.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
                    withUnsafeBytes(of: $0.pointee.sin6_addr) { Array($0) }
                }
            default:
                continue
            }
            guard let address = try? IPAddress(bytes: bytes) else { continue }
            names[address] = names[address] ?? String(cString: name)
        }
        return InterfaceNames(byAddress: names)
    }

    public func name(of socket: InetDiagSocket) -> String? {
        name(index: socket.interfaceIndex, address: socket.localAddress)
    }

    /// The interface of a bound index (0: none), else the one holding the local address.
    public func name(index: UInt32, address: IPAddress?) -> String? {
        if index != 0 {
            var buffer = [CChar](repeating: 0, count: Int(IF_NAMESIZE) + 1)
            if if_indextoname(index, &buffer) != nil {
                return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            }
        }
        guard let local = address else { return nil }
        let address = local.unmappedIPv4 ?? local
        if let name = byAddress[address] { return name }
        // Any 127/8 address is the loopback's, though only 127.0.0.1 is listed on it.
        if address.isIPv4 && address.bytes[0] == 127 { return byAddress[.v4(127, 0, 0, 1)] }
        return nil
    }
}
