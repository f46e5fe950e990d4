import Logging
import NIOCore
import NIOPosix

/// Builds a path connection's pipeline, head to tail: on a server the handshake admission, then
/// impairment, TLS, black-hole switch, frame encoder, reader (the receive side) and the path's control
/// plane.
enum PathPipeline {
    /// - Parameters:
    ///   - profile: egress shaping for this path, in front of everything else so it shapes what the
    ///     wire carries.
    ///   - tls: encryption, below the black hole so a black-holed path holds whole TLS records back
    ///     rather than cutting them; `host` is the name or address a client expects in the certificate.
    static func configure(
        _ channel: any Channel, role: PathChannelHandler.Role, profile: ImpairmentProfile?, tls: PathTLS? = nil,
        host: String = "", configuration: EngineConfiguration, logger: Logger
    ) throws {
        let handshakeFrameLength: Int
        switch role {
        case .client: handshakeFrameLength = HandshakeFrameLimit.fromServer
        case .server: handshakeFrameLength = HandshakeFrameLimit.fromClient
        }
        let reader = PathReader(
            maximumFrameLength: configuration.maximumFrameLength, handshakeFrameLength: handshakeFrameLength)
        let blackhole = BlackholeHandler()
        let handler = PathChannelHandler(
            role: role, reader: reader, blackhole: blackhole, configuration: configuration, logger: logger)
        if configuration.readerMode == .globalPool {
            let bound = NIOLoopBound(handler, eventLoop: channel.eventLoop)
            let loop = channel.eventLoop
            reader.afterDeferredPush = { loop.execute { bound.value.acknowledgeDelivery(force: true) } }
        }
        let operations = channel.pipeline.syncOperations
        if case .server(let registry) = role {
            try operations.addHandler(HandshakeAdmission(gate: registry.handshakes, logger: logger))
        }
        if let profile { try operations.addHandler(ImpairmentHandler(profile: profile)) }
        if let tls { try operations.addHandler(try tls.handler(host: host)) }
        try operations.addHandlers([blackhole, FrameEncoder(), reader, handler])
    }

    /// Reads of up to the reader's 64 KiB; `naive` mode reads in small pieces instead.
    static func recvAllocator(_ configuration: EngineConfiguration) -> any RecvByteBufferAllocator {
        if configuration.readerMode == .naive { return FixedSizeRecvByteBufferAllocator(capacity: 2048) }
        let capacity = PathReader.cumulationCapacity
        return AdaptiveRecvByteBufferAllocator(minimum: 4096, initial: capacity, maximum: capacity)
    }

    static func waterMark(_ configuration: EngineConfiguration) -> ChannelOptions.Types.WriteBufferWaterMark {
        let high = configuration.writeBufferHighWater
        return ChannelOptions.Types.WriteBufferWaterMark(low: high / 2, high: high)
    }
}
