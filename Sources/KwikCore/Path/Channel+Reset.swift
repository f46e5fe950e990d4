import NIOCore
import NIOSSL

#if canImport(Glibc)
import Glibc
#endif

extension Channel {
    /// Resets the connection: the peer sees a TCP RST, not a polite close.
    func reset() {
        guard let provider = self as? any SocketOptionProvider else {
            close(promise: nil)
            return
        }
        provider.setSoLinger(linger(l_onoff: 1, l_linger: 0)).whenComplete { [self] _ in
            // Closing below TLS: a close through it would say close_notify first, which is not a reset.
            if let tls = try? pipeline.syncOperations.context(handlerType: NIOSSLHandler.self) {
                tls.close(promise: nil)
            } else {
                close(promise: nil)
            }
        }
    }
}
