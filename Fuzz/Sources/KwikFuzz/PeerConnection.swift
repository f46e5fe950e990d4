@testable import KwikCore
import Logging
import NIOCore
import NIOEmbedded

/// The operations a handshake input scripts, one byte each plus arguments: the low two bits of the
/// byte name one of four connections, the rest the operation. What `handshake` and `variant` do
/// depends on the side the engine plays.
struct Step {
    enum Action: CaseIterable {
        /// Argument n, then n + 1 raw bytes, arriving as one read.
        case send
        /// A well-formed opening frame built by the harness, shaped by a few argument bytes.
        case handshake
        case variant
        /// The fuzzer's end closes the connection.
        case close
        /// Argument n: the event loop's clock moves on (n mod 64) × 50 ms, running whatever falls due;
        /// up to 3.15 s, past every timeout of `fuzzConfiguration`.
        case wait
        case toggleWritable
        /// DATA_ACK for everything the engine sent on the connection; argument: the window.
        case acknowledge
        /// Arguments count and length: DATA frames in sequence, as a well-behaved peer sends them.
        case sendData
    }

    let connection: Int
    let action: Action

    init(_ byte: UInt8) {
        connection = Int(byte & 3)
        action = Action.allCases[Int(byte >> 2) % Action.allCases.count]
    }

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
    return configuration
}()

/// Builds every message, so that text made from hostile input is exercised, and drops it.
struct DiscardingLogHandler: LogHandler {
    var logLevel: Logger.Level = .trace
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        _ = event.message.description
    }
}

let fuzzLogger = Logger(label: "kwik.fuzz") { _ in DiscardingLogHandler() }

/// One connection as the fuzzer's end sees it: the first frame it sent (what the engine's handshake
/// saw) and the frames the engine wrote back, parsed as they come.
final class PeerConnection {
    let channel: EmbeddedChannel
    let openedAt: NIODeadline
    private var sent = ByteBuffer()
    /// The first frame sent to the engine once complete, or the error it does not decode with.
    private(set) var firstSent: Result<Frame, any Error>?
    private var output = ByteBuffer()
    private(set) var firstReceived: Frame?
    /// The session the handshake on this connection is about (from HELLO or HELLO_ACK).
    var session: SessionID?
    /// Highest global and last path sequence of the DATA the engine sent here.
    private(set) var highestGlobal: UInt64?
    private(set) var lastPathSequence: UInt64 = 0
    /// Path sequence of the DATA sent to the engine here.
    var dataSent: UInt64 = 0

    init(channel: EmbeddedChannel, openedAt: NIODeadline) {
        self.channel = channel
        self.openedAt = openedAt
    }

    /// Delivers `bytes` as one read. An error out of the pipeline's end means a handler let one through.
    func send(_ bytes: ByteBuffer) {
        guard channel.isActive else { return }
        if firstSent == nil {
            sent.writeImmutableBuffer(bytes)
            do {
                if let frame = try FrameParser(maximumFrameLength: fuzzConfiguration.maximumFrameLength).next(from: &sent) {
                    firstSent = .success(frame)
                }
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
        var bytes = ByteBuffer()
        for frame in frames { frame.encode(into: &bytes) }
        send(bytes)
    }

    /// The frames the engine wrote since the last call. Whatever it writes must decode.
    func collect() -> [Frame] {
        var frames: [Frame] = []
        do {
            while var part = try channel.readOutbound(as: ByteBuffer.self) {
                output.writeBuffer(&part)
            }
            while let frame = try FrameParser(maximumFrameLength: fuzzConfiguration.maximumFrameLength).next(from: &output) {
                if firstReceived == nil { firstReceived = frame }
                if case .data(let data) = frame {
                    highestGlobal = max(highestGlobal ?? 0, data.header.globalSequence)
                    lastPathSequence = data.header.pathSequence
                }
                frames.append(frame)
            }
        } catch {
            fatalError("the engine wrote bytes that do not decode: \(error)")
        }
        output.discardReadBytes()
        return frames
    }

    /// What a peer that got everything so far acknowledges.
    func acknowledgement(window: UInt8) -> Frame {
        .dataAck(DataAck(cumulative: highestGlobal.map { $0 + 1 } ?? 0, window: UInt32(window), pathAck: lastPathSequence))
    }

    /// `count` DATA frames of `length` bytes, from global sequence `first`.
    func data(count: Int, length: Int, first: UInt64) -> [Frame] {
        (0..<UInt64(count)).map { index in
            dataSent += 1
            let header = DataHeader(globalSequence: first + index, pathSequence: dataSent, sentAt: 0)
            return .data(DataFrame(header: header, payload: ByteBuffer(repeating: 0xA5, count: length)))
        }
    }

    func toggleWritable() {
        channel.isWritable.toggle()
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
