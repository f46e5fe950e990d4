import CNetlink

/// One MPTCP socket (the "msk") from a sock_diag dump, and the subflows grouped under it.
public struct MPTCPConnection: Equatable, Sendable {
    public let socket: InetDiagSocket
    /// nil when the kernel omitted INET_DIAG_INFO.
    public let info: MPTCPInfo?
    public internal(set) var subflows: [MPTCPSubflow] = []

    public var token: UInt32? { info?.token }

    public init(message: NetlinkMessage) throws {
        guard message.type == UInt16(SOCK_DIAG_BY_FAMILY) else {
            throw NetlinkDecodingError.unexpectedMessageType(message.type)
        }
        socket = try InetDiagSocket(payload: message.payload)
        let attributes = try InetDiagSocket.attributes(after: message.payload)
        info = try attributes.first(INET_DIAG_INFO).map { try MPTCPInfo(payload: $0.payload) }
    }
}
