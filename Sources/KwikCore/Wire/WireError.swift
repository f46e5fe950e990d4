import KwikSnapshot

/// Why a byte stream is not a valid frame sequence. Each one closes the path it arrived on.
public enum WireError: Error, Equatable, CustomStringConvertible {
    case frameTooLarge(length: UInt32, maximum: Int)
    case emptyFrame
    case unknownType(UInt8)
    case malformed(FrameType, String)
    case truncated(pendingBytes: Int)

    /// The limit a frame went beyond, if that is why it is refused.
    public var limit: Limit? {
        switch self {
        case .frameTooLarge: .frameSize
        case .emptyFrame, .unknownType, .malformed: .malformedFrame
        // The peer closed mid-frame: an ending, not a bad frame.
        case .truncated: nil
        }
    }

    public var description: String {
        switch self {
        case .frameTooLarge(let length, let maximum):
            "frame of \(length) bytes exceeds the maximum of \(maximum)"
        case .emptyFrame:
            "frame with length 0 (no type byte)"
        case .unknownType(let type):
            "unknown frame type 0x\(String(type, radix: 16))"
        case .malformed(let type, let reason):
            "malformed \(type) frame: \(reason)"
        case .truncated(let pending):
            "connection ended in the middle of a frame (\(pending) bytes pending)"
        }
    }
}
