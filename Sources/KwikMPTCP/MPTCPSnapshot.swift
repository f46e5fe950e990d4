/// MPTCP connections with their TCP subflows attached, joined on the connection token.
public struct MPTCPSnapshot: Equatable, Sendable {
    public let connections: [MPTCPConnection]
    /// Subflows whose local token matched no connection (e.g. the connection closed between dumps).
    public let unmatchedSubflows: [MPTCPSubflow]

    /// A subflow's MPTCP_SUBFLOW_ATTR_TOKEN_LOC equals its msk's mptcpi_token. Token 0 is skipped:
    /// listeners and not-yet-established sockets all report it.
    public init(connections: [MPTCPConnection], tcpSockets: [TCPDiagSocket]) {
        var byToken: [UInt32: [MPTCPSubflow]] = [:]
        var unmatched: [MPTCPSubflow] = []
        let tokens = Set(connections.compactMap(\.token).filter { $0 != 0 })
        for subflow in tcpSockets.compactMap(MPTCPSubflow.init) {
            if let token = subflow.attributes.localToken, tokens.contains(token) {
                byToken[token, default: []].append(subflow)
            } else {
                unmatched.append(subflow)
            }
        }
        self.connections = connections.map { connection in
            var grouped = connection
            if let token = connection.token, token != 0 { grouped.subflows = byToken[token] ?? [] }
            return grouped
        }
        unmatchedSubflows = unmatched
    }
}
