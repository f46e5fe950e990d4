// Engine micro-benchmarks: wire decode, the workload's pattern, buffer pool, multiplexer, the per-path
// receive hot path, scheduler and snapshot. Each closure run does `scalingFactor` operations (1 000
// for `.kilo`), so the default (scaled) output is per operation: per frame, per packet, per pick.

import Benchmark
import KwikCore
import KwikSnapshot
import KwikTestSupport
import Logging
import NIOCore
import NIOEmbedded
import Synchronization

// MARK: Fixtures

/// Same defaults as `EngineConfiguration`: 16 KiB packets, a 256-slot window, pool keeps window + 64.
let engine = EngineConfiguration()
let payloadSize = engine.packetSize
let framesPerRun = 1_000

/// A deterministic 16 KiB payload.
let payloadBytes: [UInt8] = (0..<payloadSize).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }

/// `count` encoded DATA frames with global sequences `first...` and path sequences 1... .
func encodedDataFrames(count: Int, firstGlobal: UInt64 = 0, firstPathSequence: UInt64 = 1) -> ByteBuffer {
    encoded(
        (0..<UInt64(count)).map { index in
            dataFrame(global: firstGlobal + index, path: firstPathSequence + index, payload: payloadBytes)
        })
}

/// The trivial consumer: counts bytes, keeps nothing (the multiplexer hands the buffer back to its pool).
/// No `check`: the protocol's default (nothing checked ahead of order) applies.
final class CountingSink: DeliverySink, Sendable {
    let bytes = Atomic<Int>(0)
    func deliver(_ packet: Packet) {
        bytes.add(packet.payload.readableBytes, ordering: .relaxed)
    }
}

struct FakePath: SchedulablePath {
    var id: Int
    var smoothedRTT: Double?
    var deliveryRate: Double
}

/// Mutable state carried from one closure run to the next (benchmarks run one at a time).
final class Box<T>: @unchecked Sendable {
    var value: T
    init(_ value: T) { self.value = value }
}

/// Global sequence counter for multiplexer benchmarks: a fresh multiplexer per benchmark, sequences
/// continue across runs so the reorder buffer is in steady state.
final class MultiplexerRig: @unchecked Sendable {
    let pool = PathBufferPool(
        bufferCapacity: payloadSize, maximumFree: engine.poolRetained(window: engine.receiveWindow))
    let sink = CountingSink()
    let multiplexer: Multiplexer
    var nextGlobal: UInt64 = 0
    var nextPathSequence: UInt64 = 1
    /// Small payload written into each pooled buffer (the copy cost is the hot-path benchmark's business).
    let smallPayload: [UInt8] = Array(payloadBytes.prefix(64))

    init() {
        multiplexer = Multiplexer(window: engine.receiveWindow, maximumPathID: engine.maximumPathID, sink: sink)
    }

    @inline(__always)
    func push(global: UInt64) {
        var buffer = pool.get()!
        buffer.writeBytes(smallPayload)
        let header = DataHeader(globalSequence: global, pathSequence: nextPathSequence, sentAt: 0)
        nextPathSequence += 1
        let outcome = multiplexer.push(Packet(header: header, pathID: 1, payload: buffer, pool: pool))
        precondition(outcome == .accepted)
    }
}

/// One path's receive side exactly as a live path has it (minus the socket): reads of a pre-encoded
/// stream go into a `PathReader` in an `EmbeddedChannel`, attached to a multiplexer and the path's pool.
final class HotPathRig: @unchecked Sendable {
    let pool = PathBufferPool(
        bufferCapacity: payloadSize, maximumFree: engine.poolRetained(window: engine.receiveWindow))
    let counters = PathCounters()
    let multiplexer: Multiplexer
    let reader = PathReader(maximumFrameLength: engine.maximumFrameLength)
    let channel: EmbeddedChannel
    /// With a pattern the sink is the real `PatternVerifier` and every payload is the stream's bytes at
    /// its offset, so verification passes; without, the sink only counts.
    let pattern: StreamPattern?
    let verifier: PatternVerifier?
    var stream: ByteBuffer
    var nextGlobal: UInt64 = 0
    let readSize: Int?

    /// - Parameter readSize: bytes per socket read; nil means one frame per read.
    init(readSize: Int?, verifyingPattern pattern: StreamPattern? = nil) {
        self.readSize = readSize
        self.pattern = pattern
        let sink: any DeliverySink
        if let pattern {
            let verifier = PatternVerifier(pattern: pattern, packetSize: payloadSize)
            self.verifier = verifier
            sink = verifier
        } else {
            verifier = nil
            sink = CountingSink()
        }
        multiplexer = Multiplexer(window: engine.receiveWindow, maximumPathID: engine.maximumPathID, sink: sink)
        channel = EmbeddedChannel(handler: reader)
        reader.attach(pathID: 1, multiplexer: multiplexer, pool: pool, counters: counters)
        stream = encodedDataFrames(count: framesPerRun)
    }

    /// Rewrites the stream so this run continues the last one: global sequences go on, path sequences
    /// restart at 1 (re-attaching resets the path's sequence), payloads follow the pattern if any.
    func prepareRun() {
        let base = nextGlobal
        if let verifier { precondition(verifier.current.corrupt == 0, "the verifier saw corrupt bytes") }
        stream.clear()
        for index in 0..<UInt64(framesPerRun) {
            let header = DataHeader(globalSequence: base + index, pathSequence: index + 1, sentAt: 7)
            Frame.writeDataHeader(header, payloadLength: payloadSize, into: &stream)
            if let pattern {
                pattern.write(from: (base + index) * UInt64(payloadSize), count: payloadSize, into: &stream)
            } else {
                stream.writeBytes(payloadBytes)
            }
        }
        nextGlobal += UInt64(framesPerRun)
        reader.attach(pathID: 1, multiplexer: multiplexer, pool: pool, counters: counters)
    }

    /// Feeds the whole stream as reads of `readSize` bytes (slices of one buffer, like NIO's reads of a
    /// pooled receive buffer: no allocation of their own).
    func feed() throws {
        var input = stream
        let size = readSize ?? (Frame.dataHeaderSize + payloadSize)
        while input.readableBytes > 0 {
            try channel.writeInbound(input.readSlice(length: min(size, input.readableBytes))!)
        }
    }
}

// MARK: Benchmarks

let benchmarks: @Sendable () -> Void = {
    let metrics: [BenchmarkMetric] = [.wallClock, .throughput, .mallocCountTotal]
    Benchmark.defaultConfiguration = .init(
        metrics: metrics, scalingFactor: .kilo, maxDuration: .seconds(2), maxIterations: 100_000)

    // Decode 1 000 DATA frames of 16 KiB out of one buffer (payload is a slice: no copy).
    let decodeStream = encodedDataFrames(count: framesPerRun)
    let parser = FrameParser(maximumFrameLength: engine.maximumFrameLength)
    Benchmark("frame decode (16 KiB DATA)") { benchmark in
        var input = decodeStream
        for _ in benchmark.scaledIterations {
            blackHole(try parser.next(from: &input)!)
        }
    }

    // The workload's pattern: produce and check a 16 KiB packet (vectorised, 64 bytes at a time).
    let pattern = StreamPattern(seed: 0x5EED)
    var patternBuffer = ByteBufferAllocator().buffer(capacity: payloadSize)
    pattern.write(from: 0, count: payloadSize, into: &patternBuffer)
    let patternPacket = patternBuffer
    Benchmark("pattern write (16 KiB)") { benchmark in
        var buffer = ByteBufferAllocator().buffer(capacity: payloadSize)
        for index in benchmark.scaledIterations {
            buffer.clear()
            pattern.write(from: UInt64(index) * UInt64(payloadSize), count: payloadSize, into: &buffer)
        }
        blackHole(buffer)
    }
    Benchmark("pattern check (16 KiB)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(patternPacket.withUnsafeReadableBytes { pattern.mismatches(in: $0, at: 0) })
        }
    }

    // The send hot path: source → sender → writer → encoder, per packet, acknowledged as it goes.
    let sendRig = try! SendPathRig()
    for _ in 0..<8 { _ = try! sendRig.round() }
    Benchmark("send hot path, 16 KiB packets") { benchmark in
        var sent = 0
        while sent < benchmark.scaledIterations.count { sent += try sendRig.round() }
    }

    // Steady-state get + put of a warm pool.
    let pool = PathBufferPool(
        bufferCapacity: payloadSize, maximumFree: engine.poolRetained(window: engine.receiveWindow))
    pool.put(pool.get()!)
    Benchmark("pool get/return") { benchmark in
        for _ in benchmark.scaledIterations {
            let buffer = pool.get()!
            pool.put(buffer)
        }
    }

    let inOrder = MultiplexerRig()
    Benchmark("multiplexer in-order push") { benchmark in
        let rig = inOrder
        for _ in benchmark.scaledIterations {
            rig.push(global: rig.nextGlobal)
            rig.nextGlobal += 1
        }
    }

    // Pairs swapped: 1 0 3 2 5 4 …, every other packet waits one slot in the reorder buffer.
    let reordered = MultiplexerRig()
    Benchmark("multiplexer reordered push (pairs swapped)") { benchmark in
        let rig = reordered
        for index in benchmark.scaledIterations {
            rig.push(global: rig.nextGlobal + UInt64(index ^ 1))
        }
        rig.nextGlobal += UInt64(benchmark.scaledIterations.count)
    }

    // decode → pool → multiplexer → sink → pool, per packet. Three read shapes.
    let hotPaths: [(String, Int?, StreamPattern?)] = [
        ("hot path, 64 KiB reads", 64 * 1024, nil),
        ("hot path, 1 frame per read", nil, nil),
        ("hot path, 1500 B reads", 1500, nil),
        ("hot path, 64 KiB reads, PatternVerifier sink", 64 * 1024, StreamPattern(seed: 42)),
    ]
    for (name, readSize, pattern) in hotPaths {
        let rig = HotPathRig(readSize: readSize, verifyingPattern: pattern)
        // Warm up the pool and the reader's cumulation once.
        rig.prepareRun()
        try! rig.feed()
        // Proof of steady state: pool misses (real buffer allocations) per run of 1 000 packets.
        let poolMisses = BenchmarkMetric.custom("pool misses per 1000 packets", useScalingFactor: false)
        Benchmark(name, configuration: .init(metrics: metrics + [poolMisses])) { benchmark in
            // Preamble, not measured (an explicit start restarts the measurement).
            rig.prepareRun()
            let missesBefore = rig.pool.counters.misses
            benchmark.startMeasurement()
            try rig.feed()
            benchmark.stopMeasurement()
            benchmark.measurement(poolMisses, Int(rig.pool.counters.misses - missesBefore))
        }
    }

    // Scheduler over 4 paths, all eligible.
    let paths = [
        FakePath(id: 1, smoothedRTT: 800, deliveryRate: 120_000_000),
        FakePath(id: 2, smoothedRTT: 4_500, deliveryRate: 60_000_000),
        FakePath(id: 3, smoothedRTT: nil, deliveryRate: 0),
        FakePath(id: 4, smoothedRTT: 13_000, deliveryRate: 30_000_000),
    ]
    for kind in [SchedulerKind.minrtt, .roundrobin, .weighted] {
        let scheduler = Box(Scheduler(kind: kind))
        Benchmark("scheduler pick (\(kind.rawValue), 4 paths)") { benchmark in
            for index in benchmark.scaledIterations {
                // Drop one path in four picks, so the eligibility mask varies.
                let eligible: UInt64 = index & 3 == 0 ? 0b1011 : 0b1111
                blackHole(scheduler.value.pick(paths, eligible: eligible))
            }
        }
    }

    // Snapshot of a session with 4 declared (not connected) paths, built on an embedded loop: the
    // multiplexer, sender, pools and records are real; rates and RTTs are empty.
    let loop = EmbeddedEventLoop()
    let session = Session(
        id: SessionID(high: 1, low: 2), role: .client,
        parameters: SessionParameters(
            direction: .download, totalBytes: 0, packetSize: UInt32(payloadSize), seed: 42,
            receiveWindow: UInt32(engine.receiveWindow)),
        configuration: engine, homeLoop: loop, logger: .init(label: "bench"))
    for path in 1...4 {
        session.declarePath(path, endpoint: "127.0.0.1:\(4432 + path)", standby: path == 4)
    }
    Benchmark("session snapshot (4 declared paths)", configuration: .init(scalingFactor: .one)) { benchmark in
        blackHole(session.snapshot())
    }
}
