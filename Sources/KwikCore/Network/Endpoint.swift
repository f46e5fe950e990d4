#if canImport(Glibc)
import Glibc
#endif

/// Where one path connects, and from where: the interface (`dev=`) and source address (`src=`) bind the
/// path's socket before it connects, so that two paths to one server address leave by two links.
public struct Endpoint: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int
    /// Interface the socket is bound to (SO_BINDTODEVICE); nil: the kernel's route picks it.
    public var device: String?
    /// Local address the socket is bound to; nil: the kernel picks it.
    public var source: String?

    public init(host: String, port: Int, device: String? = nil, source: String? = nil) {
        self.host = host
        self.port = port
        self.device = device
        self.source = source
    }

    /// Parses `HOST:PORT[,dev=IFACE][,src=ADDR]`, an IPv6 host in brackets (`[::1]:4433`).
    public init(parsing text: String) throws(EngineError) {
        var fields = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let address = fields.removeFirst()
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]),
            (1...65535).contains(port)
        else { throw .invalidArgument("endpoint '\(text)': '\(address)' is not HOST:PORT (IPv6 as [ADDR]:PORT)") }
        var host = String(address[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") {
            host = String(host.dropFirst().dropLast())
        } else if host.contains(":") {
            throw .invalidArgument("endpoint '\(text)': an IPv6 address goes in brackets, as [\(host)]:\(port)")
        }
        guard !host.isEmpty else { throw .invalidArgument("endpoint '\(text)' has no host") }
        self.init(host: host, port: port)
        for field in fields {
            let parts = field.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[1].isEmpty else {
                throw .invalidArgument("endpoint '\(text)': '\(field)' is not dev=IFACE or src=ADDR")
            }
            switch parts[0] {
            case "dev": device = parts[1]
            case "src": source = parts[1].hasPrefix("[") ? String(parts[1].dropFirst().dropLast()) : parts[1]
            default: throw .invalidArgument("endpoint '\(text)': unknown option '\(parts[0])' (dev= or src=)")
            }
        }
        try checkBinding()
    }

    /// A binding that cannot work on this host, named: an interface that does not exist, a source that
    /// is not an IP address or whose family differs from a literal host's.
    public func checkBinding() throws(EngineError) {
        if let device {
            guard device.utf8.count < Int(IF_NAMESIZE) else {
                throw .invalidArgument("interface name '\(device)' is longer than \(Int(IF_NAMESIZE) - 1) bytes")
            }
            guard if_nametoindex(device) != 0 else { throw .invalidArgument("no interface named '\(device)'") }
        }
        if let source {
            guard let family = Self.family(of: source) else {
                throw .invalidArgument("source address '\(source)' is not an IPv4 or IPv6 address")
            }
            if let hostFamily = Self.family(of: host), hostFamily != family {
                throw .invalidArgument(
                    "source address '\(source)' and server address '\(host)' are of different families")
            }
        }
    }

    /// AF_INET or AF_INET6 for an IP literal, nil for anything else (a name).
    static func family(of text: String) -> Int32? {
        var v4 = in_addr()
        var v6 = in6_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return AF_INET }
        if inet_pton(AF_INET6, text, &v6) == 1 { return AF_INET6 }
        return nil
    }

    public var description: String {
        var text = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        if let device { text += ",dev=\(device)" }
        if let source { text += ",src=\(source.contains(":") ? "[\(source)]" : source)" }
        return text
    }

    /// The server's address alone, as the dashboard shows it.
    public var address: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
