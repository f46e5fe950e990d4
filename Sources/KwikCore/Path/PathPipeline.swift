import Logging
import NIOCore
import NIOPosix

/// Builds a path connection's pipeline, head to tail: black-hole switch, frame encoder, reader
/// (the receive side) and controller.
enum PathPipeline {
    /// - Parameter profile: egress shaping for this path, added in front of everything else.
    static func configure(
        _ channel: any Channel, role: PathController.Role, profile: ImpairmentProfile?, configuration: EngineConfiguration, logger: Logger
    ) throws {
        let reader = PathReader(maximumFrameLength: configuration.maximumFrameLength)
        let blackhole = BlackholeHandler()
        let controller = PathController(role: role, reader: reader, blackhole: blackhole, configuration: configuration, logger: logger)
        let operations = channel.pipeline.syncOperations
        if let profile { try operations.addHandler(ImpairmentHandler(profile: profile)) }
        try operations.addHandlers([blackhole, FrameEncoder(), reader, controller])
    }

    static func socketOptions(_ configuration: EngineConfiguration) -> [(ChannelOptions.Types.SocketOption, SocketOptionValue)] {
        [(ChannelOptions.socketOption(.tcp_nodelay), 1)]
    }

    static var recvAllocator: AdaptiveRecvByteBufferAllocator {
        AdaptiveRecvByteBufferAllocator(minimum: 4096, initial: PathReader.cumulationCapacity, maximum: PathReader.cumulationCapacity)
    }

    static func waterMark(_ configuration: EngineConfiguration) -> ChannelOptions.Types.WriteBufferWaterMark {
        ChannelOptions.Types.WriteBufferWaterMark(low: configuration.writeBufferHighWater / 2, high: configuration.writeBufferHighWater)
    }
}
