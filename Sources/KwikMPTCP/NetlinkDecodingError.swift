/// Why a buffer from the kernel could not be decoded. Every bounds or length violation in
/// parsing code surfaces as one of these rather than a trap.
public enum NetlinkDecodingError: Error, Equatable, Sendable, CustomStringConvertible {
    case truncated(what: String, needed: Int, available: Int)
    case lengthTooSmall(what: String, length: Int, minimum: Int)
    case lengthBeyondBuffer(what: String, length: Int, available: Int)
    case invalidValue(what: String, detail: String)
    case missingAttribute(String)
    case missingReply(String)
    case unexpectedMessageType(UInt16)

    public var description: String {
        switch self {
        case .truncated(let what, let needed, let available):
            return "\(what) is truncated: needs \(needed) bytes, only \(available) available"
        case .lengthTooSmall(let what, let length, let minimum):
            return "\(what) declares length \(length), smaller than its \(minimum)-byte header"
        case .lengthBeyondBuffer(let what, let length, let available):
            return "\(what) declares length \(length), beyond the \(available) bytes left in the buffer"
        case .invalidValue(let what, let detail):
            return "\(what) is invalid: \(detail)"
        case .missingAttribute(let name):
            return "required attribute \(name) is missing"
        case .missingReply(let request):
            return "the kernel answered \(request) without a data message"
        case .unexpectedMessageType(let type):
            return "unexpected netlink message type \(type)"
        }
    }
}
