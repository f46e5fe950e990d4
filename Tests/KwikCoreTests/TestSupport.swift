@testable import KwikCore
import KwikSnapshot
import KwikTestSupport
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Synchronization
import Testing

/// A delivery sink that copies every payload it is handed, so a test can check what came out and in
/// which order, without keeping a pool's buffer alive.
final class CollectingSink: DeliverySink, Sendable {
    struct Delivery: Equatable {
        var bytes: [UInt8]
        var globalSequence: UInt64
        var pathSequence: UInt64
        var pathID: Int
    }

    private let state = NIOLockedValueBox<[Delivery]>([])

    func deliver(_ packet: Packet) {
        let bytes = Array(packet.payload.readableBytesView)
        let header = packet.header
        state.withLockedValue {
            $0.append(
                Delivery(
                    bytes: bytes, globalSequence: header.globalSequence, pathSequence: header.pathSequence,
                    pathID: packet.pathID))
        }
    }

    var deliveries: [Delivery] { state.withLockedValue { $0 } }
    var sequences: [UInt64] { deliveries.map(\.globalSequence) }
    var payloads: [[UInt8]] { deliveries.map(\.bytes) }
}

func byteBuffer(_ bytes: [UInt8]) -> ByteBuffer {
    var buffer = ByteBufferAllocator().buffer(capacity: bytes.count)
    buffer.writeBytes(bytes)
    return buffer
}

/// A packet whose payload comes from `pool` (so the test can see it go back).
func makePacket(
    global: UInt64, pathSequence: UInt64, path: Int, pool: PathBufferPool?, bytes: [UInt8] = [1, 2, 3]
) -> Packet {
    var payload = pool.map { $0.get()! } ?? ByteBufferAllocator().buffer(capacity: bytes.count)
    payload.writeBytes(bytes)
    return Packet(
        header: DataHeader(globalSequence: global, pathSequence: pathSequence, sentAt: 0), pathID: path,
        payload: payload, pool: pool)
}

let quietLogger: Logger = {
    var logger = Logger(label: "kwik.tests")
    logger.logLevel = .critical
    return logger
}()

/// Waits for the session to finish; past `timeout` the session is failed (so nothing is left hanging)
/// and the wait throws.
func awaitCompletion(_ session: Session, timeout: Duration = .seconds(20)) async throws {
    let timedOut = Atomic<Bool>(false)
    let watchdog = Task {
        try await Task.sleep(for: timeout)
        timedOut.store(true, ordering: .relaxed)
        session.fail("test timeout")
    }
    defer { watchdog.cancel() }
    do {
        try await session.completion.get()
    } catch {
        if timedOut.load(ordering: .relaxed) { throw TestTimeout(what: "session completion") }
        throw error
    }
}

/// Polls `condition` every few milliseconds until it holds or `timeout` passes; returns whether it held.
func eventually(timeout: Duration = .seconds(10), _ condition: () -> Bool) async -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while clock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(2))
    }
    return condition()
}

/// The suites that run real sessions over loopback, one test at a time across all of them: on a
/// 2-core machine two such runs at once can starve a path past its stale timeout.
@Suite(.serialized) enum Loopback {}

/// Runs `body` with a 4-port loopback server on a 2-thread group, then stops both.
func withLoopbackServer<T>(
    ports: Int = 4, configuration: EngineConfiguration = EngineConfiguration(), tls: PathTLS? = nil,
    logger: Logger = quietLogger,
    _ body: (SessionServer, MultiThreadedEventLoopGroup) async throws -> T
) async throws -> T {
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
    let server: SessionServer
    do {
        server = try await SessionServer.start(
            host: "127.0.0.1", ports: Array(repeating: 0, count: ports), configuration: configuration, tls: tls,
            group: group,
            logger: logger)
    } catch {
        try? await group.shutdownGracefully()
        throw error
    }
    do {
        let result = try await body(server, group)
        await server.stop()
        try await group.shutdownGracefully()
        return result
    } catch {
        await server.stop()
        try? await group.shutdownGracefully()
        throw error
    }
}

func clientOptions(
    ports: [Int], totalBytes: UInt64, direction: SessionParameters.Direction = .download
) -> SessionClient.Options {
    var options = SessionClient.Options(endpoints: ports.map { Endpoint(host: "127.0.0.1", port: $0) })
    options.totalBytes = totalBytes
    options.direction = direction
    options.seed = 42
    return options
}

/// The integrity bar every end-to-end run must meet on the receiving side.
func expectIntact(_ snapshot: SessionSnapshot, total: UInt64, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(snapshot.deliveredBytes == total, sourceLocation: sourceLocation)
    #expect(snapshot.verifiedBytes == total, sourceLocation: sourceLocation)
    #expect(snapshot.corruptBytes == 0, sourceLocation: sourceLocation)
    #expect(snapshot.deliveryOrderViolations == 0, sourceLocation: sourceLocation)
    for path in snapshot.paths {
        #expect(path.orderingViolations == 0, "path \(path.id)", sourceLocation: sourceLocation)
    }
}
