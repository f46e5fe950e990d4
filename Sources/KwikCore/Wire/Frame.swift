import KwikSnapshot
import NIOCore

/// One protocol frame. On the wire: `[u32 length][u8 type][body]`, big-endian, where `length`
/// counts the type byte and the body (see docs/PROTOCOL.md).
public enum Frame: Sendable, Equatable {
    case hello(Hello)
    case helloAck(HelloAck)
    case data(DataFrame)
    case dataAck(DataAck)
    case ping(Heartbeat)
    case pong(Heartbeat)
    case pathStatus(PathStatus)
    /// The sender's receive-side summary, so each end can report what the other verified.
    case stats(PeerSummary)
    case goodbye(Goodbye)
    case failover(FailoverNotice)
    /// The scheduler the peer's sender is to use from now on.
    case scheduler(SchedulerKind)

    public var type: FrameType {
        switch self {
        case .hello: .hello
        case .helloAck: .helloAck
        case .data: .data
        case .dataAck: .dataAck
        case .ping: .ping
        case .pong: .pong
        case .pathStatus: .pathStatus
        case .stats: .stats
        case .goodbye: .goodbye
        case .failover: .failover
        case .scheduler: .scheduler
        }
    }
}

public enum FrameType: UInt8, Sendable, CaseIterable {
    case hello = 0x01
    case helloAck = 0x02
    case data = 0x03
    case dataAck = 0x04
    case ping = 0x05
    case pong = 0x06
    case pathStatus = 0x07
    case stats = 0x08
    case goodbye = 0x09
    case failover = 0x0A
    case scheduler = 0x0B
}

/// 128-bit random session identifier.
public struct SessionID: Hashable, Sendable, CustomStringConvertible {
    public var high: UInt64
    public var low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    public static func random() -> SessionID {
        var rng = SystemRandomNumberGenerator()
        return SessionID(high: rng.next(), low: rng.next())
    }

    public var description: String { Self.hex16(high) + Self.hex16(low) }

    private static func hex16(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

/// First frame on every connection, from the client.
public struct Hello: Sendable, Equatable {
    public enum Kind: UInt8, Sendable {
        /// The first path: creates the session.
        case create = 0
        /// A further path (or a reconnect) joining an existing session.
        case join = 1
    }

    public var version: UInt16
    public var kind: Kind
    public var sessionID: SessionID
    public var pathID: UInt16
    public var standby: Bool
    /// Session parameters; the server uses them from the `create` HELLO only.
    public var parameters: SessionParameters
    /// A `join`'s fresh random nonce (16 bytes; zeros for `create`).
    public var nonce: [UInt8]
    /// A `join`'s HMAC-SHA256 proof of the session secret over session id, path id and nonce (32 bytes).
    public var proof: [UInt8]

    public init(
        version: UInt16 = ProtocolVersion.current, kind: Kind, sessionID: SessionID, pathID: UInt16,
        standby: Bool = false,
        parameters: SessionParameters, nonce: [UInt8] = JoinProof.zeroNonce, proof: [UInt8] = JoinProof.zeroProof
    ) {
        self.version = version
        self.kind = kind
        self.sessionID = sessionID
        self.pathID = pathID
        self.standby = standby
        self.parameters = parameters
        self.nonce = nonce
        self.proof = proof
    }
}

/// What both ends agree on when the session is created.
public struct SessionParameters: Sendable, Equatable {
    public enum Direction: UInt8, Sendable {
        case download = 0
        case upload = 1
        case both = 2
    }

    public var direction: Direction
    /// Bytes per direction; 0 means unbounded (the client ends the run).
    public var totalBytes: UInt64
    public var packetSize: UInt32
    public var seed: UInt64
    /// Reorder-buffer slots the sender of the HELLO offers as its receive window.
    public var receiveWindow: UInt32
    /// The scheduler both ends' senders use (the client's choice).
    public var scheduler: SchedulerKind
    /// The application's rate in each direction, bytes per second; 0: as fast as the paths carry.
    public var rate: UInt64

    public init(
        direction: Direction, totalBytes: UInt64, packetSize: UInt32, seed: UInt64, receiveWindow: UInt32,
        scheduler: SchedulerKind = .ecf, rate: UInt64 = 0
    ) {
        self.direction = direction
        self.totalBytes = totalBytes
        self.packetSize = packetSize
        self.seed = seed
        self.receiveWindow = receiveWindow
        self.scheduler = scheduler
        self.rate = rate
    }
}

public struct HelloAck: Sendable, Equatable {
    public var version: UInt16
    public var sessionID: SessionID
    public var pathID: UInt16
    /// The server's receive window, in packets beyond the cumulative acknowledgement.
    public var receiveWindow: UInt32
    /// The session secret further paths must prove they know (32 bytes; zeros in a `join`'s ack).
    public var secret: [UInt8]

    public init(
        version: UInt16 = ProtocolVersion.current, sessionID: SessionID, pathID: UInt16, receiveWindow: UInt32,
        secret: [UInt8] = JoinProof.zeroProof
    ) {
        self.version = version
        self.sessionID = sessionID
        self.pathID = pathID
        self.receiveWindow = receiveWindow
        self.secret = secret
    }
}

/// Fixed part of a DATA frame; the payload follows it to the end of the frame.
public struct DataHeader: Sendable, Equatable {
    public static let encodedSize = 24
    public var globalSequence: UInt64
    public var pathSequence: UInt64
    /// Sender's monotonic clock, in microseconds.
    public var sentAt: UInt64

    public init(globalSequence: UInt64, pathSequence: UInt64, sentAt: UInt64) {
        self.globalSequence = globalSequence
        self.pathSequence = pathSequence
        self.sentAt = sentAt
    }
}

public struct DataFrame: Sendable, Equatable {
    public var header: DataHeader
    public var payload: ByteBuffer

    public init(header: DataHeader, payload: ByteBuffer) {
        self.header = header
        self.payload = payload
    }
}

public struct DataAck: Sendable, Equatable {
    /// Every global sequence below this one has been delivered.
    public var cumulative: UInt64
    /// Packets beyond `cumulative` the receiver can buffer.
    public var window: UInt32
    /// Highest path sequence received on the path carrying this ack.
    public var pathAck: UInt64

    public init(cumulative: UInt64, window: UInt32, pathAck: UInt64) {
        self.cumulative = cumulative
        self.window = window
        self.pathAck = pathAck
    }
}

public struct Heartbeat: Sendable, Equatable {
    /// The PING sender's monotonic clock in nanoseconds, echoed by PONG.
    public var timestamp: UInt64

    public init(timestamp: UInt64) { self.timestamp = timestamp }
}

public struct PathStatus: Sendable, Equatable {
    public enum Status: UInt8, Sendable {
        case active = 0
        case standby = 1
        case disabled = 2
    }

    public var pathID: UInt16
    public var status: Status

    public init(pathID: UInt16, status: Status) {
        self.pathID = pathID
        self.status = status
    }
}

public struct Goodbye: Sendable, Equatable {
    public enum Reason: UInt8, Sendable, CaseIterable {
        case done = 0
        case versionMismatch = 1
        case unknownSession = 2
        case protocolError = 3
        case limitReached = 4
        case shutdown = 5
        /// A join without a valid, fresh proof of the session secret.
        case unauthorized = 6
    }

    public var reason: Reason
    public var message: String

    public init(reason: Reason, message: String) {
        self.reason = reason
        self.message = message
    }
}

/// Tells the peer that packets which were in flight on a failed path were sent again elsewhere,
/// so its receive side can time when delivery resumed.
public struct FailoverNotice: Sendable, Equatable {
    /// Why the path stopped carrying data; any other code on the wire is malformed.
    public enum Cause: UInt8, Sendable, CaseIterable {
        case disabled = 0
        case killed = 1
        case stale = 2
        case closedByPeer = 3
    }

    public var pathID: UInt16
    public var cause: Cause
    public var packets: UInt64
    public var bytes: UInt64
    /// Highest re-injected global sequence; delivery has resumed once the receiver passes it.
    public var highestSequence: UInt64

    public init(pathID: UInt16, cause: Cause, packets: UInt64, bytes: UInt64, highestSequence: UInt64) {
        self.pathID = pathID
        self.cause = cause
        self.packets = packets
        self.bytes = bytes
        self.highestSequence = highestSequence
    }
}
