/// What the first byte of a fuzz input selects (see Fuzz/Sources/KwikFuzz/Entry.swift).
public enum FuzzTarget: Equatable, Sendable {
    /// The frame decoder, with one of `maximumFrameLengths`.
    case decoder(maximumFrameLength: Int)
    case server
    case client

    /// The engine's default, exactly one HELLO (so every longer frame is refused), and one between.
    public static let maximumFrameLengths = [1 << 20, 105, 4096]

    public init(selector: UInt8) {
        switch selector % 3 {
        case 0:
            self = .decoder(
                maximumFrameLength: Self.maximumFrameLengths[Int(selector / 3) % Self.maximumFrameLengths.count])
        case 1: self = .server
        default: self = .client
        }
    }

    public var selector: UInt8 {
        switch self {
        case .decoder(let maximum): 3 * UInt8(Self.maximumFrameLengths.firstIndex(of: maximum) ?? 0)
        case .server: 1
        case .client: 2
        }
    }
}

/// One operation of a handshake target's script: one byte, its low two bits naming one of four
/// connections and the rest the action, followed by the action's argument bytes.
public struct FuzzStep: Equatable, Sendable {
    public enum Action: CaseIterable, Sendable {
        /// Argument n, then n + 1 raw bytes, arriving as one read.
        case send
        /// A well-formed opening frame built by the harness, shaped by a few argument bytes.
        case handshake
        case variant
        /// The fuzzer's end closes the connection.
        case close
        /// Argument n: the event loop's clock moves on (n mod 64) × 50 ms, running whatever falls due.
        case wait
        case toggleWritable
        /// DATA_ACK for everything the engine sent on the connection; argument: the window.
        case acknowledge
        /// Arguments count and length: DATA frames in sequence, as a well-behaved peer sends them.
        case sendData
        /// Argument k, then the fields of one control frame of kind k (DATA_ACK, PING, PONG,
        /// PATH_STATUS, STATS, SCHEDULER or FAILOVER), each integer read whole from the input: anything a joined
        /// peer can say.
        case control
    }

    public let connection: Int
    public let action: Action

    public init(_ action: Action, connection: Int = 0) {
        self.connection = connection & 3
        self.action = action
    }

    public init(_ byte: UInt8) {
        self.init(Action.allCases[Int(byte >> 2) % Action.allCases.count], connection: Int(byte & 3))
    }

    public var byte: UInt8 {
        UInt8(Action.allCases.firstIndex(of: action)!) << 2 | UInt8(connection)
    }
}
