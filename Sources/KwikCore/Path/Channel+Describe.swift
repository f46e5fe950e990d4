import NIOCore
import NIOSSL

extension Channel {
    /// The peer's address as logs show it: `1.2.3.4:5`, `[::1]:5`, or `?` once it is gone.
    var remoteDescription: String {
        guard let address = remoteAddress, let ip = address.ipAddress, let port = address.port else { return "?" }
        return address.protocol == .inet6 ? "[\(ip)]:\(port)" : "\(ip):\(port)"
    }

    var usesTLS: Bool {
        (try? pipeline.syncOperations.context(handlerType: NIOSSLHandler.self)) != nil
    }
}
