import KwikSnapshot
import NIOCore
import NIOSSL

extension Channel {
    /// The peer's address as logs show it: `1.2.3.4:5`, `[::1]:5`, or `?` once it is gone.
    var remoteDescription: String { remoteAddress?.endpointText ?? "?" }

    var localDescription: String { localAddress?.endpointText ?? "?" }

    var usesTLS: Bool {
        (try? pipeline.syncOperations.context(handlerType: NIOSSLHandler.self)) != nil
    }

    /// The local end of the connection and the interface whose address it uses.
    var binding: PathBinding? {
        guard let local = localAddress?.endpointText, let ip = localAddress?.ipAddress else { return nil }
        return PathBinding(local: local, interface: NetworkInterface.holding(ip))
    }
}

extension SocketAddress {
    /// `1.2.3.4:5` or `[::1]:5`; nil for an address without an IP and port.
    fileprivate var endpointText: String? {
        guard let ip = ipAddress, let port else { return nil }
        return self.protocol == .inet6 ? "[\(ip)]:\(port)" : "\(ip):\(port)"
    }
}
