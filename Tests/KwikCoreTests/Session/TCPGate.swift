import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A TCP relay on a fixed loopback port in front of one server port, to play a link: closed (nothing
/// listens: connections are refused), open (connections are relayed), or silent (the connections
/// already relayed stop carrying anything either way, while new ones are relayed).
final class TCPGate: Sendable {
    let port: Int
    private let target: Int
    private let group: any EventLoopGroup
    private let state = NIOLockedValueBox(State())

    private struct State {
        var listener: (any Channel)?
        var relayed: [RelayHandler] = []
    }

    init(target: Int, group: any EventLoopGroup) async throws {
        self.target = target
        self.group = group
        let probe = try await ServerBootstrap(group: group).bind(host: "127.0.0.1", port: 0).get()
        port = probe.localAddress?.port ?? 0
        try await probe.close()
    }

    func open() async throws {
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { [self] inbound in relay(inbound) }
            .bind(host: "127.0.0.1", port: port).get()
        state.withLockedValue { $0.listener = channel }
    }

    func close() async throws {
        try await state.withLockedValue { $0.listener }?.close()
    }

    /// The connections relayed so far go silent; they stay open.
    func silenceExisting() {
        for handler in state.withLockedValue({ $0.relayed }) { handler.silence() }
    }

    var connectionsRelayed: Int { state.withLockedValue { $0.relayed.count / 2 } }

    private func relay(_ inbound: any Channel) -> EventLoopFuture<Void> {
        let toServer = RelayHandler()
        let toClient = RelayHandler()
        state.withLockedValue { $0.relayed += [toServer, toClient] }
        return ClientBootstrap(group: inbound.eventLoop)
            .channelInitializer { outbound in
                toClient.peer = inbound
                return outbound.pipeline.addHandler(toClient)
            }
            .connect(host: "127.0.0.1", port: target)
            .flatMap { outbound in
                toServer.peer = outbound
                return inbound.pipeline.addHandler(toServer)
            }
    }
}

/// Writes what one side reads to the other, until silenced.
private final class RelayHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    private let lock = NIOLock()
    private var silent = false
    var peer: (any Channel)?

    func silence() { lock.withLock { silent = true } }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !lock.withLock({ silent }) else { return }
        peer?.writeAndFlush(unwrapInboundIn(data), promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        peer?.close(promise: nil)
    }
}
