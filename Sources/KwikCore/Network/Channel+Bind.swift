import NIOCore

#if canImport(Glibc)
import Glibc
#endif

extension Channel {
    /// Binds the socket to `device` (SO_BINDTODEVICE) before it connects, so the path leaves by that
    /// interface whatever the routing table says; fails naming the interface.
    func bind(toDevice device: String) -> EventLoopFuture<Void> {
        guard let provider = self as? any SocketOptionProvider else {
            return eventLoop.makeFailedFuture(EngineError.invalidArgument("cannot bind a path to '\(device)' here"))
        }
        var name: InterfaceName = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &name) { bytes in
            for (index, byte) in device.utf8.prefix(bytes.count - 1).enumerated() { bytes[index] = byte }
        }
        return provider.unsafeSetSocketOption(
            level: NIOBSDSocket.OptionLevel(rawValue: SOL_SOCKET), name: NIOBSDSocket.Option(rawValue: SO_BINDTODEVICE),
            value: name
        ).flatMapErrorThrowing { error in
            throw EngineError.invalidArgument("cannot bind a path to interface '\(device)': \(error)")
        }
    }
}

/// IFNAMSIZ bytes, NUL-padded, as SO_BINDTODEVICE reads them.
private typealias InterfaceName = (
    UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
)
