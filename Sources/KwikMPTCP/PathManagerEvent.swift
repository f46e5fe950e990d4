import CNetlink

/// A message from the "mptcp_pm_events" multicast group.
public enum PathManagerEvent: Equatable, Sendable {
    case created(PathManagerEventAttributes)
    case established(PathManagerEventAttributes)
    case closed(PathManagerEventAttributes)
    case announced(PathManagerEventAttributes)
    case removed(PathManagerEventAttributes)
    case subflowEstablished(PathManagerEventAttributes)
    case subflowClosed(PathManagerEventAttributes)
    case subflowPriority(PathManagerEventAttributes)
    /// Kinds these headers do not name; kernel 6.18 also sends listener created/closed (15, 16).
    case other(kind: UInt8, PathManagerEventAttributes)

    public var attributes: PathManagerEventAttributes {
        switch self {
        case .created(let attributes), .established(let attributes), .closed(let attributes),
            .announced(let attributes), .removed(let attributes), .subflowEstablished(let attributes),
            .subflowClosed(let attributes), .subflowPriority(let attributes), .other(_, let attributes):
            return attributes
        }
    }

    /// `family` is the mptcp_pm family id; messages of other types are rejected.
    public init(message: NetlinkMessage, family: UInt16) throws {
        guard message.type == family else { throw NetlinkDecodingError.unexpectedMessageType(message.type) }
        let generic = try GenericNetlinkMessage(parsing: message)
        let attributes = try PathManagerEventAttributes(attributes: generic.attributes)
        switch UInt32(generic.command) {
        case MPTCP_EVENT_CREATED.rawValue: self = .created(attributes)
        case MPTCP_EVENT_ESTABLISHED.rawValue: self = .established(attributes)
        case MPTCP_EVENT_CLOSED.rawValue: self = .closed(attributes)
        case MPTCP_EVENT_ANNOUNCED.rawValue: self = .announced(attributes)
        case MPTCP_EVENT_REMOVED.rawValue: self = .removed(attributes)
        case MPTCP_EVENT_SUB_ESTABLISHED.rawValue: self = .subflowEstablished(attributes)
        case MPTCP_EVENT_SUB_CLOSED.rawValue: self = .subflowClosed(attributes)
        case MPTCP_EVENT_SUB_PRIORITY.rawValue: self = .subflowPriority(attributes)
        default: self = .other(kind: generic.command, attributes)
        }
    }
}
