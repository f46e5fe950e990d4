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
        if configuration.readerMode == .globalPool {
            let bound = NIOLoopBound(controller, eventLoop: channel.eventLoop)
            let loop = channel.eventLoop
            reader.afterDeferredPush = { loop.execute { bound.value.acknowledgeDelivery(force: true) } }
        }
        let operations = channel.pipeline.syncOperations
        if let profile { try operations.addHandler(ImpairmentHandler(profile: profile)) }
        try operations.addHandlers([blackhole, FrameEncoder(), reader, controller])
    }

    static func socketOptions(_ configuration: EngineConfiguration) -> [(ChannelOptions.Types.SocketOption, SocketOptionValue)] {
        [(ChannelOptions.socketOption(.tcp_nodelay), 1)]
    }

    /// Reads of up to the reader's 64 KiB; `naive` mode reads in small pieces instead.
    static func recvAllocator(_ configuration: EngineConfiguration) -> any RecvByteBufferAllocator {
        if configuration.readerMode == .naive { return FixedSizeRecvByteBufferAllocator(capacity: 2048) }
        return AdaptiveRecvByteBufferAllocator(minimum: 4096, initial: PathReader.cumulationCapacity, maximum: PathReader.cumulationCapacity)
    }

    static func waterMark(_ configuration: EngineConfiguration) -> ChannelOptions.Types.WriteBufferWaterMark {
        ChannelOptions.Types.WriteBufferWaterMark(low: configuration.writeBufferHighWater / 2, high: configuration.writeBufferHighWater)
    }
}
