@testable import KwikCore
import KwikTestSupport
import Logging
import NIOCore
import NIOEmbedded

extension FuzzStep {
    /// Up to 3.15 s, past every timeout of `fuzzConfiguration`.
    static func delay(_ argument: UInt8) -> TimeAmount {
        .milliseconds(50 * Int64(argument % 64))
    }
}

/// Small limits, so that one input can reach each of them; small packets, so that a session's data
/// stays cheap to produce; short timeouts, so that waiting them out takes few timer rounds.
let fuzzConfiguration: EngineConfiguration = {
    var configuration = EngineConfiguration()
    configuration.packetSize = 256
    configuration.receiveWindow = 8
    configuration.inFlightLimit = 4
    configuration.maximumSessions = 2
    configuration.maximumPaths = 3
    configuration.handshakeTimeout = .seconds(1)
    configuration.orphanTimeout = .seconds(1)
    configuration.progressTimeout = .seconds(2)
    // 16 packets of 256 bytes: a peer's window of 2^32 - 1 must not take the queue past them.
    configuration.maximumSendBuffer = 16 * 256
    return configuration
}()

/// Builds every message, so that text made from hostile input is exercised, and drops it.
let fuzzLogger = Logger(label: "kwik.fuzz") { _ in MessageLogHandler(level: .trace) { _ in } }

/// One connection as the fuzzer's end sees it: the first frame it sent (what the engine's handshake
/// saw) and the frames the engine wrote back, parsed as they come.
final class PeerConnection {
    let channel: EmbeddedChannel
    let openedAt: NIODeadline
    private var sent = FrameStream(maximumFrameLength: fuzzConfiguration.maximumFrameLength)
    /// The first frame sent to the engine once complete, or the error it does not decode with.
    private(set) var firstSent: Result<Frame, any Error>?
    private var output = FrameStream(maximumFrameLength: fuzzConfiguration.maximumFrameLength)
    private(set) var firstReceived: Frame?
    /// The session the handshake on this connection is about (from HELLO or HELLO_ACK).
    var session: SessionID?
    /// Highest global and last path sequence of the DATA the engine sent here.
    private(set) var highestGlobal: UInt64?
    private(set) var lastPathSequence: UInt64 = 0
    /// Path sequence of the DATA sent to the engine here.
    var dataSent: UInt64 = 0
    /// DATA the engine wrote here since the connection last became unwritable.
    private var dataWhileUnwritable: UInt64 = 0

    init(channel: EmbeddedChannel, openedAt: NIODeadline) {
        self.channel = channel
        self.openedAt = openedAt
    }

    /// Delivers `bytes` as one read. An error out of the pipeline's end means a handler let one through.
    func send(_ bytes: ByteBuffer) {
        guard channel.isActive else { return }
        if firstSent == nil {
            sent.append(bytes)
            do {
                if let read = try sent.next() { firstSent = .success(read.frame) }
            } catch {
                firstSent = .failure(error)
            }
        }
        do {
            try channel.writeInbound(bytes)
        } catch {
            fatalError("an error went past the path controller: \(error)")
        }
    }

    func send(_ frames: [Frame]) {
        send(encoded(frames))
    }

    /// The frames the engine wrote since the last call. Whatever it writes must decode.
    func collect() -> [Frame] {
        let frames: [Frame]
        do {
            while let part = try channel.readOutbound(as: ByteBuffer.self) { output.append(part) }
            frames = try output.frames()
        } catch {
            fatalError("the engine wrote bytes that do not decode: \(error)")
        }
        for frame in frames {
            if firstReceived == nil { firstReceived = frame }
            if case .data(let data) = frame {
                highestGlobal = max(highestGlobal ?? 0, data.header.globalSequence)
                lastPathSequence = data.header.pathSequence
                if !channel.isWritable { dataWhileUnwritable += 1 }
            }
        }
        // What was assigned before the connection filled up may still go; nothing after.
        invariant(
            dataWhileUnwritable <= fuzzConfiguration.inFlightLimit,
            "\(dataWhileUnwritable) DATA frames written to a connection that was not writable")
        return frames
    }

    /// What a peer that got everything so far acknowledges.
    func acknowledgement(window: UInt8) -> Frame {
        .dataAck(
            DataAck(cumulative: highestGlobal.map { $0 + 1 } ?? 0, window: UInt32(window), pathAck: lastPathSequence))
    }

    /// `count` DATA frames of `length` bytes, from global sequence `first`.
    func data(count: Int, length: Int, first: UInt64) -> [Frame] {
        (0..<UInt64(count)).map { index in
            dataSent += 1
            return dataFrame(
                global: first + index, path: dataSent, payload: Array(repeating: 0xA5, count: length), sentAt: 0)
        }
    }

    func toggleWritable() {
        channel.isWritable.toggle()
        dataWhileUnwritable = 0
        channel.pipeline.fireChannelWritabilityChanged()
    }

    /// Closes the connection (if the engine has not) and releases it.
    func finish() {
        do {
            _ = try channel.finish(acceptAlreadyClosed: true)
        } catch {
            fatalError("closing the connection failed: \(error)")
        }
    }
}
