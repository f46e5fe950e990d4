/// A TCP socket that the kernel reports as a subflow of an MPTCP connection.
public struct MPTCPSubflow: Equatable, Sendable {
    public let socket: InetDiagSocket
    public let tcpInfo: TCPInfo?
    public let attributes: MPTCPSubflowAttributes

    /// nil unless the socket's ULP is "mptcp" and it carries subflow attributes.
    public init?(_ tcp: TCPDiagSocket) {
        guard tcp.ulpName == "mptcp", let attributes = tcp.mptcp else { return nil }
        socket = tcp.socket
        tcpInfo = tcp.tcpInfo
        self.attributes = attributes
    }
}
