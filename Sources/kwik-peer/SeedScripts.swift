import KwikTestSupport

/// The seed corpus of the fuzz target (Fuzz/Corpus): each seed starts with the selector byte of
/// `FuzzTarget`; a decoder seed goes on with a split seed and the stream, a handshake seed with a script
/// of `FuzzStep`s whose arguments Fuzz/Sources/KwikFuzz/ServerTarget.swift and ClientTarget.swift read.
enum SeedCorpus {
    typealias Seed = (name: String, bytes: [UInt8])

    static var all: [Seed] { decoderSeeds + serverSeeds + clientSeeds }

    static func joined(_ parts: [UInt8]...) -> [UInt8] {
        Array(parts.joined())
    }

    static func decoder(
        _ stream: [UInt8], split: UInt8 = 0, maximum: Int = FuzzTarget.maximumFrameLengths[0]
    )
        -> [UInt8]
    {
        [FuzzTarget.decoder(maximumFrameLength: maximum).selector, split] + stream
    }

    static func step(_ action: FuzzStep.Action, _ connection: Int = 0, _ arguments: UInt8...) -> [UInt8] {
        [FuzzStep(action, connection: connection).byte] + arguments
    }

    /// Raw bytes, in reads of at most 256 bytes.
    static func send(_ raw: [UInt8], _ connection: Int = 0) -> [UInt8] {
        stride(from: 0, to: raw.count, by: 256).flatMap { start in
            let chunk = raw[start..<min(raw.count, start + 256)]
            return step(.send, connection, UInt8(chunk.count - 1)) + chunk
        }
    }

    /// A create HELLO built by the server target: total in 64-byte units, packet size in 2-byte units.
    static func create(
        _ connection: Int = 0, direction: UInt8 = 0, total: UInt8 = 16, packet: UInt8 = 64, window: UInt8 = 8,
        session: UInt8 = 1, path: UInt8 = 1
    ) -> [UInt8] {
        step(.handshake, connection, direction, total, packet, window, session, path)
    }

    /// A join built by the server target; choice bit 6 spoils the proof, bit 7 asks for standby.
    static func join(_ connection: Int = 1, choice: UInt8 = 0, path: UInt8 = 2, nonce: UInt8 = 1) -> [UInt8] {
        step(.variant, connection, choice, path, nonce)
    }

    /// A control frame of `kind` (see `FuzzStep.Action.control`) with its fields as `fields` bytes.
    static func control(_ kind: UInt8, _ fields: [UInt8], _ connection: Int = 0) -> [UInt8] {
        step(.control, connection, kind) + fields
    }

    static func ones(_ count: Int) -> [UInt8] {
        [UInt8](repeating: 0xFF, count: count)
    }

    /// units × 50 ms, units below 64.
    static func wait(_ units: UInt8, _ connection: Int = 0) -> [UInt8] {
        step(.wait, connection, units)
    }

    static func server(_ steps: [UInt8]...) -> [UInt8] {
        [FuzzTarget.server.selector] + steps.joined()
    }

    /// shape bit 0: join instead of create; bits 1-2: path id - 1.
    static func client(
        _ steps: [UInt8]..., direction: UInt8 = 0, total: UInt8 = 4, packet: UInt8 = 63, window: UInt8 = 7,
        shape: UInt8 = 0
    ) -> [UInt8] {
        [FuzzTarget.client.selector, direction, total, packet, window, shape] + steps.joined()
    }

    /// The client target's HELLO_ACK; flaws bit 0 spoils the version, bit 1 the session, bit 2 the path.
    static func clientAck(flaws: UInt8 = 0, window: UInt8 = 8, secret: UInt8 = 9) -> [UInt8] {
        step(.handshake, 0, flaws, window, secret)
    }
}
