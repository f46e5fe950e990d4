@testable import KwikCore
import KwikSnapshot
import NIOConcurrencyHelpers
import NIOCore
import NIOEmbedded
import Testing

/// Counts the drain calls each path gets.
final class DrainLog: Sendable {
    private let counts = NIOLockedValueBox<[Int: Int]>([:])
    func record(_ path: Int) { counts.withLockedValue { $0[path, default: 0] += 1 } }
    func count(_ path: Int) -> Int { counts.withLockedValue { $0[path] ?? 0 } }
}

/// A sender whose paths are drain-recording links on an embedded loop: no network at all.
final class SenderHarness {
    static let packetSize = 100
    let loop = EmbeddedEventLoop()
    let sender: Sender
    let drains = DrainLog()
    let pattern = StreamPattern(seed: 99)

    /// `initialInFlight` defaults to the limit: until a path has estimates, it holds up to its limit.
    init(
        packets: Int, window: UInt64, maximumWindow: UInt64 = .max, scheduler: SchedulerKind = .minrtt,
        inFlightLimit: UInt64 = 64, initialInFlight: UInt64? = nil, rate: UInt64? = nil
    ) {
        let source = PatternSource(
            pattern: pattern, packetSize: Self.packetSize, totalBytes: UInt64(packets * Self.packetSize), rate: rate)
        sender = Sender(
            source: source, window: window, maximumWindow: maximumWindow, scheduler: scheduler,
            inFlightLimit: inFlightLimit, initialInFlight: initialInFlight ?? inFlightLimit)
    }

    func register(_ path: Int, standby: Bool = false, connection: Int = 1) {
        let drains = self.drains
        sender.register(
            pathID: path, connection: connection, link: PathLink(eventLoop: loop) { drains.record(path) },
            standby: standby)
    }

    /// What the path's drain would write now.
    func take(_ path: Int, connection: Int = 1) -> [DataFrame] {
        var frames: [DataFrame] = []
        sender.takePending(forPath: path, connection: connection, into: &frames)
        return frames
    }

    /// An acknowledgement a correct peer could send: taken without a protocol violation.
    func ack(cumulative: UInt64, window: UInt64, pathAck: UInt64, on path: Int, connection: Int = 1) {
        let ack = DataAck(cumulative: cumulative, window: UInt32(window), pathAck: pathAck)
        #expect(throws: Never.self) { try self.sender.acknowledge(ack, onPath: path, connection: connection) }
    }

    func expectPayloadsMatch(_ frames: [DataFrame], sourceLocation: SourceLocation = #_sourceLocation) {
        for frame in frames {
            var expected = ByteBufferAllocator().buffer(capacity: Self.packetSize)
            pattern.write(
                from: frame.header.globalSequence * UInt64(Self.packetSize), count: Self.packetSize, into: &expected)
            #expect(
                frame.payload == expected, "payload of \(frame.header.globalSequence)", sourceLocation: sourceLocation)
        }
    }
}

extension Array where Element == DataFrame {
    var sequences: [UInt64] { map(\.header.globalSequence) }
    var pathSequences: [UInt64] { map(\.header.pathSequence) }
}

extension SenderHarness {
    func ack(cumulative: UInt64, window: UInt64, pathAck: UInt64, on path: Int, now: UInt64) {
        let ack = DataAck(cumulative: cumulative, window: UInt32(window), pathAck: pathAck)
        #expect(throws: Never.self) { try self.sender.acknowledge(ack, onPath: path, connection: 1, now: now) }
    }
}
