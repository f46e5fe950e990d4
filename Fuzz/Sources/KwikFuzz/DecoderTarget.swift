import CAllocationWatch
@testable import KwikCore
import KwikTestSupport
import NIOCore
import NIOEmbedded
import Synchronization

/// Arbitrary bytes through the frame decoder, twice: `FrameParser` over the whole stream at once (the
/// reference), then a path's `PathReader` in an EmbeddedChannel, fed in reads cut at input-chosen
/// points, with DATA going on into a real multiplexer. Checked:
/// - the reader yields the reference's frames, in order, and ends on the same error (a stream that
///   stops inside a frame ends as `truncated`), whatever the cuts; it may stop early only on DATA
///   beyond the multiplexer's window;
/// - every frame re-encodes to its own bytes, except where the format itself is lossy (reserved HELLO
///   flag bits, GOODBYE text that is not UTF-8), and re-encoded decodes to the same frame;
/// - no frame longer than the maximum is ever returned, and nothing allocated while decoding is sized
///   by an advertised length: the largest allocation stays within the reader's fixed cumulation or a
///   small multiple of the bytes that arrived.
/// Input: [selector][split seed][stream...].
enum DecoderTarget {
    static func run(maximumFrameLength maximum: Int, _ input: inout FuzzInput) {
        var splitter = ReadSplitter(seed: input.byte())
        let stream = ByteBuffer(bytes: input.rest())

        allocation_watch_start()
        let reference = Reference(decoding: stream, maximum: maximum)
        let check = ReaderCheck(reference: reference)
        feedReader(stream, maximum: maximum, splitter: &splitter, check: check)
        let largest = allocation_watch_largest()

        invariant(largest >= PathReader.cumulationCapacity, "the allocation watch did not see the reader's cumulation")
        let bound = max(PathReader.cumulationCapacity, 8 * stream.readableBytes)
        invariant(
            largest <= bound,
            "an allocation of \(largest) bytes while decoding \(stream.readableBytes) bytes (bound \(bound))")
        check.verifyEnd()
    }

    private static func feedReader(_ stream: ByteBuffer, maximum: Int, splitter: inout ReadSplitter, check: ReaderCheck)
    {
        let reader = PathReader(maximumFrameLength: maximum)
        let channel = EmbeddedChannel(handlers: [reader, TranscriptHandler(check: check)])
        let multiplexer = Multiplexer(window: 8, maximumPathID: 1, sink: check)
        reader.attach(
            pathID: 1, multiplexer: multiplexer, pool: PathBufferPool(bufferCapacity: 256, maximumFree: 8),
            counters: PathCounters())
        do {
            try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 9)).wait()
            var rest = stream
            while rest.readableBytes > 0 {
                let read = rest.readSlice(length: splitter.nextLength(remaining: rest.readableBytes))!
                try channel.writeInbound(read)
            }
            let leftOver = try channel.finish()
            invariant(leftOver.isClean, "the reader left \(leftOver) in the channel")
        } catch {
            fatalError("an error reached the end of the pipeline: \(error)")
        }
    }
}

/// The whole stream decoded in one go: where each frame lies, and how the stream ends.
struct Reference {
    let stream: ByteBuffer
    private(set) var frames: [Range<Int>] = []
    /// The error that stops decoding; `truncated` when the stream stops inside a frame.
    private(set) var end: WireError?

    init(decoding stream: ByteBuffer, maximum: Int) {
        self.stream = stream
        let parser = FrameParser(maximumFrameLength: maximum)
        var buffer = stream
        do {
            while true {
                let start = buffer.readerIndex
                guard let frame = try parser.next(from: &buffer) else { break }
                let wire = buffer.readerIndex - start
                invariant(
                    wire <= FrameParser.lengthFieldSize + maximum, "a \(wire)-byte frame passed a maximum of \(maximum)"
                )
                Self.checkRoundTrip(frame, wire: stream.getSlice(at: start, length: wire)!)
                frames.append(start..<buffer.readerIndex)
            }
            if buffer.readableBytes > 0 { end = .truncated(pendingBytes: buffer.readableBytes) }
        } catch let error as WireError {
            end = error
        } catch {
            fatalError("FrameParser threw \(error), which is not a WireError")
        }
    }

    func frame(_ index: Int) -> Frame {
        var wire = stream.getSlice(at: frames[index].lowerBound, length: frames[index].count)!
        return try! FrameParser(maximumFrameLength: Int(UInt32.max)).next(from: &wire)!
    }

    private static func checkRoundTrip(_ frame: Frame, wire: ByteBuffer) {
        let reencoded = encoded([frame])
        if isLossless(frame, wire: wire) {
            invariant(
                reencoded == wire,
                "\(frame.type) re-encodes to \(Array(reencoded.readableBytesView)), "
                    + "not \(Array(wire.readableBytesView))"
            )
        }
        // GOODBYE text over 64 KiB is cut on encoding, possibly inside a character.
        if case .goodbye(let goodbye) = frame, goodbye.message.utf8.count > Int(UInt16.max) { return }
        var again = reencoded
        let decoded = try? FrameParser(maximumFrameLength: Int(UInt32.max)).next(from: &again)
        invariant(
            decoded == frame && again.readableBytes == 0,
            "\(frame) re-encoded decodes to \(String(describing: decoded))")
    }

    /// Whether decoding kept every bit: it drops HELLO flag bits other than bit 0, and repairs GOODBYE
    /// text that is not valid UTF-8.
    private static func isLossless(_ frame: Frame, wire: ByteBuffer) -> Bool {
        let body = FrameParser.lengthFieldSize + 1
        switch frame {
        case .hello:
            // version u16, kind u8, session id 16 bytes, path id u16, then the flags.
            return wire.getInteger(at: wire.readerIndex + body + 21, as: UInt8.self)! <= 1
        case .goodbye:
            // reason u8, length u16, then the text.
            let text = wire.getBytes(at: wire.readerIndex + body + 3, length: wire.readableBytes - body - 3)!
            return String(validating: text, as: UTF8.self) != nil
        default:
            return true
        }
    }
}

/// Compares what the reader produces, as it produces it, with the reference: DATA as the
/// multiplexer's sink checks it (before the window check), control frames and errors as they reach
/// the handler behind the reader.
final class ReaderCheck: DeliverySink {
    private struct State {
        var delivered = 0
        var failure: (any Error)?
    }

    private let reference: Reference
    private let state = Mutex(State())

    init(reference: Reference) {
        self.reference = reference
    }

    func check(_ payload: ByteBuffer, header: DataHeader) -> PayloadCheck? {
        received(.data(DataFrame(header: header, payload: payload)))
        return nil
    }

    func deliver(_ packet: Packet) {}

    func received(_ frame: Frame) {
        state.withLock { state in
            invariant(state.failure == nil, "the reader went on after \(state.failure!)")
            invariant(
                state.delivered < reference.frames.count,
                "the reader produced \(frame.type) beyond the reference's frames")
            let expected = reference.frame(state.delivered)
            invariant(
                frame == expected, "frame \(state.delivered): the reader produced \(frame), the reference \(expected)")
            state.delivered += 1
        }
    }

    func failed(_ error: any Error) {
        state.withLock { state in
            invariant(state.failure == nil, "the reader reported \(error) after \(state.failure!)")
            state.failure = error
        }
    }

    func verifyEnd() {
        state.withLock { state in
            if state.failure is ProtocolViolation, state.delivered > 0,
                case .data = reference.frame(state.delivered - 1)
            {
                // DATA beyond the receive window stops the path early; what came before it matched.
                return
            }
            invariant(
                state.delivered == reference.frames.count,
                "the reader produced \(state.delivered) frames, the reference \(reference.frames.count)")
            let error = state.failure.map { "\($0)" } ?? "none"
            invariant(
                (state.failure as? WireError) == reference.end && (state.failure == nil) == (reference.end == nil),
                "the reader ended with \(error), the reference with \(reference.end.map { "\($0)" } ?? "none")")
        }
    }
}

/// The handler behind the reader: hands each control frame and error to the check.
final class TranscriptHandler: ChannelInboundHandler {
    typealias InboundIn = Frame

    private let check: ReaderCheck

    init(check: ReaderCheck) {
        self.check = check
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        check.received(unwrapInboundIn(data))
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        check.failed(error)
    }
}
