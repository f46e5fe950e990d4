import KwikCore
import KwikSnapshot
import KwikTestSupport

/// The frames of the seed corpus, encoded by the engine, with the field values the seeds rely on.
extension SeedCorpus {
    static let session = SessionID(high: 0x0001_0203_0405_0607, low: 0x0809_0A0B_0C0D_0E0F)

    static func hello(
        kind: Hello.Kind = .create, path: UInt16 = 1, total: UInt64 = 1 << 16, packet: UInt32 = 128,
        version: UInt16 = ProtocolVersion.current, nonce: [UInt8] = JoinProof.zeroNonce,
        proof: [UInt8] = JoinProof.zeroProof
    ) -> [UInt8] {
        let parameters = SessionParameters(
            direction: .download, totalBytes: total, packetSize: packet, seed: 1, receiveWindow: 8)
        return wireBytes(
            .hello(
                Hello(
                    version: version, kind: kind, sessionID: session, pathID: path, parameters: parameters,
                    nonce: nonce, proof: proof)))
    }

    static func helloAck(session: SessionID = session) -> [UInt8] {
        wireBytes(
            .helloAck(HelloAck(sessionID: session, pathID: 1, receiveWindow: 8, secret: (0..<32).map { UInt8($0) })))
    }

    static func data(_ global: UInt64, _ path: UInt64, payload: [UInt8] = Array(repeating: 0xA5, count: 16)) -> [UInt8]
    {
        wireBytes(dataFrame(global: global, path: path, payload: payload))
    }

    static func dataAck(_ cumulative: UInt64 = 0, window: UInt32 = 8, pathAck: UInt64 = 0) -> [UInt8] {
        wireBytes(.dataAck(DataAck(cumulative: cumulative, window: window, pathAck: pathAck)))
    }

    static let ping = wireBytes(.ping(Heartbeat(timestamp: 1234)))
    static let pong = wireBytes(.pong(Heartbeat(timestamp: 1234)))

    static func pathStatus(_ path: UInt16 = 1, _ status: PathStatus.Status = .active) -> [UInt8] {
        wireBytes(.pathStatus(PathStatus(pathID: path, status: status)))
    }

    /// With the sender's model of `paths` (the first without RTT samples yet).
    static func stats(delivered: UInt64 = 1, verified: UInt64 = 1, paths: [UInt16] = [1]) -> [UInt8] {
        let sending = paths.enumerated().map { index, id in
            PeerSummary.PathSending(
                pathID: id, inFlightTarget: 32, deliveryRate: 125_000_000,
                minRTTNanos: index == 0 ? nil : 200_000, smoothedRTTNanos: index == 0 ? nil : 350_000,
                headOfLineNanos: 1_000_000, opportunisticReinjections: 2)
        }
        return wireBytes(
            .stats(
                PeerSummary(
                    deliveredBytes: delivered, verifiedBytes: verified, corruptBytes: 0, deliveryOrderViolations: 0,
                    duplicatesDropped: 0, orderingViolations: 0, peerWindow: 64, windowLimitedNanos: 5_000_000,
                    paths: sending)))
    }

    static func goodbye(_ reason: Goodbye.Reason = .done, _ message: String = "transfer complete") -> [UInt8] {
        wireBytes(.goodbye(Goodbye(reason: reason, message: message)))
    }

    static let failover = wireBytes(
        .failover(FailoverNotice(pathID: 1, cause: .stale, packets: 3, bytes: 48, highestSequence: 5)))

    static let everyFrame = [
        hello(),
        hello(kind: .join, path: 2, nonce: Array(repeating: 1, count: 16), proof: Array(repeating: 2, count: 32)),
        helloAck(), data(0, 1), dataAck(1, pathAck: 1), ping, pong, pathStatus(2, .standby), stats(), goodbye(),
        failover, wireBytes(.scheduler(.redundant)),
    ]

    /// Where the fields that seeds break lie in an encoded frame, length field and type byte included.
    enum Offset {
        static let body = FrameParser.lengthFieldSize + 1
        /// After the u16 version.
        static let helloKind = body + 2
        /// After kind, session id and path id.
        static let helloFlags = body + 21
        static let helloDirection = body + 22
        static let goodbyeReason = body
        static let goodbyeLength = body + 1
        /// After six counters, the scheduler, the peer window and the window-limited time.
        static let statsPathCount = body + 65
        static let statsFirstPath = statsPathCount + 1
        /// Path id, six u64 figures.
        static let statsPathEntry = 50
    }

    static func zeros(_ count: Int) -> [UInt8] {
        Array(repeating: 0, count: count)
    }

    /// `frame` with the bytes at `offset` replaced: a field no well-formed frame holds.
    static func breaking(_ frame: [UInt8], at offset: Int, with bytes: UInt8...) -> [UInt8] {
        var frame = frame
        frame.replaceSubrange(offset..<offset + bytes.count, with: bytes)
        return frame
    }
}
