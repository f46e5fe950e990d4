import NIOCore

#if canImport(Glibc)
import Glibc
#endif

extension PathPipeline {
    /// Set on every path socket, client and server: no Nagle delay; keepalive, so that a peer gone while
    /// the connection is idle is noticed in seconds; and a user timeout, so that data the peer stops
    /// acknowledging fails the connection in seconds rather than after the kernel's ~15 minutes of retries.
    static func socketOptions(
        _ configuration: EngineConfiguration
    ) -> [(ChannelOptions.Types.SocketOption, SocketOptionValue)] {
        [
            (.tcpOption(.tcp_nodelay), 1),
            (.socketOption(.so_keepalive), 1),
            (tcp(TCP_KEEPIDLE), seconds(configuration.keepaliveIdle)),
            (tcp(TCP_KEEPINTVL), seconds(configuration.keepaliveInterval)),
            (tcp(TCP_KEEPCNT), SocketOptionValue(clamping: configuration.keepaliveProbes)),
            (tcp(TCP_USER_TIMEOUT), milliseconds(configuration.userTimeout)),
        ]
    }

    private static func tcp(_ name: Int32) -> ChannelOptions.Types.SocketOption {
        .tcpOption(NIOBSDSocket.Option(rawValue: name))
    }

    /// Whole seconds, rounded up: the kernel counts keepalive times in seconds, from 1.
    private static func seconds(_ amount: TimeAmount) -> SocketOptionValue {
        SocketOptionValue(clamping: max(1, roundedUp(amount, unit: 1_000_000_000)))
    }

    /// Whole milliseconds, rounded up so that a short timeout never becomes 0, the kernel's default.
    private static func milliseconds(_ amount: TimeAmount) -> SocketOptionValue {
        SocketOptionValue(clamping: max(0, roundedUp(amount, unit: 1_000_000)))
    }

    private static func roundedUp(_ amount: TimeAmount, unit: Int64) -> Int64 {
        let (whole, rest) = amount.nanoseconds.quotientAndRemainder(dividingBy: unit)
        return rest > 0 ? whole + 1 : whole
    }
}
