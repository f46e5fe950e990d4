import KwikExport
import NIOCore
import NIOPosix
import Testing

@Suite struct MetricsServerTests {
    /// Sends `request` raw and reads until the server closes the connection.
    func exchange(_ request: String, port: Int) async throws -> String {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(string: request))
            var response = ""
            for try await chunk in inbound { response += String(buffer: chunk) }
            return response
        }
    }

    func get(_ path: String, port: Int) async throws -> String {
        try await exchange("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", port: port)
    }

    @Test func servesMetricsAndNothingElse() async throws {
        let server = try await MetricsServer.start(
            host: "127.0.0.1", port: 0, exporter: Source([fixtureSnapshot()]).exporter())
        let metrics = try await get("/metrics", port: server.port)
        #expect(metrics.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(metrics.contains("Content-Type: text/plain; version=0.0.4"))
        #expect(metrics.contains("kwik_path_rx_bytes_total{"))
        #expect(try await get("/other", port: server.port).hasPrefix("HTTP/1.1 404 Not Found\r\n"))
        #expect(try await exchange("NOT HTTP\r\n\r\n", port: server.port).hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
        await server.stop()
    }

    @Test func aPortInUseIsAnError() async throws {
        let server = try await MetricsServer.start(host: "127.0.0.1", port: 0, exporter: Source([]).exporter())
        await #expect(throws: (any Error).self) {
            _ = try await MetricsServer.start(host: "127.0.0.1", port: server.port, exporter: Source([]).exporter())
        }
        await server.stop()
    }
}
