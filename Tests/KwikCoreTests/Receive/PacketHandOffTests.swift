@testable import KwikCore
import KwikSnapshot
import NIOCore
import NIOEmbedded
import KwikTestSupport
import NIOPosix
import Testing

/// Every reader mode enforces the multiplexer's limits: with the `global-pool` hand-off the refusal
/// comes from a worker, later, and still closes the path with its limit named.
@Suite struct PacketHandOffTests {
    @Test func aWorkerPoolHandOffClosesThePathOnARefusalToo() async throws {
        let workers = NIOThreadPool(numberOfThreads: 1)
        workers.start()
        let sink = CollectingSink()
        let multiplexer = Multiplexer(window: 4, maximumPathID: 2, sink: sink)
        let pool = PathBufferPool(bufferCapacity: 64, maximumFree: 8)
        let channel = try await NIOAsyncTestingChannel { channel in
            let reader = PathReader(maximumFrameLength: 1 << 16)
            reader.attach(
                pathID: 1, multiplexer: multiplexer, pool: pool, counters: PathCounters(),
                handOff: .workerPool(workers),
                maximumPayload: 64)
            try channel.pipeline.syncOperations.addHandler(reader)
        }
        let frames = [
            dataFrame(global: 0, path: 1, payload: [1, 2, 3]),
            dataFrame(global: 9, path: 2, payload: [4, 5, 6]),
        ]
        try await channel.writeInbound(encoded(frames))
        let violation = try await firstError(of: channel) as? ProtocolViolation
        #expect(violation?.limit == .receiveWindow)
        #expect(sink.sequences == [0], "the packet in the window was delivered")
        #expect(pool.counters.outstanding == 0, "the refused packet's buffer went back")
        try await workers.shutdownGracefully()
        _ = try? await channel.finish()
    }

    /// The error the pipeline's tail caught, waiting for it (the worker reports back asynchronously).
    private func firstError(of channel: NIOAsyncTestingChannel) async throws -> (any Error)? {
        for _ in 0..<1000 {
            do {
                try await channel.throwIfErrorCaught()
            } catch {
                return error
            }
            try await Task.sleep(for: .milliseconds(5))
        }
        return nil
    }
}
