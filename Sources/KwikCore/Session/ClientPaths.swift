import NIOCore

/// What a client keeps about its paths between connections.
struct ClientPaths {
    /// By path id.
    private(set) var endpoints: [Int: Endpoint]
    /// The address each host name first reached: a reconnect, or a later path to the same name, goes
    /// there, so a name with several addresses cannot split a session between servers.
    private var reachedByHost: [String: SocketAddress] = [:]
    /// Paths a reconnect loop is working on.
    var retrying: Set<Int> = []
    /// Paths whose interface is gone, with the reason: not retried until it comes back.
    var parked: [Int: String] = [:]
    /// When each path was first seen stale, for replacing a silent connection.
    var staleSince: [Int: NIODeadline] = [:]

    init(endpoints: [Endpoint]) {
        self.endpoints = Dictionary(uniqueKeysWithValues: endpoints.enumerated().map { ($0.offset + 1, $0.element) })
    }

    var ids: [Int] { endpoints.keys.sorted() }

    /// The endpoint of `pathID` and, for a host name already reached, the address to use.
    func target(of pathID: Int) -> (Endpoint, SocketAddress?)? {
        guard let endpoint = endpoints[pathID] else { return nil }
        guard Endpoint.family(of: endpoint.host) == nil, let reached = reachedByHost[endpoint.host] else {
            return (endpoint, nil)
        }
        return (endpoint, try? reached.withPort(endpoint.port))
    }

    mutating func reached(_ address: SocketAddress, by pathID: Int) {
        guard let host = endpoints[pathID]?.host, Endpoint.family(of: host) == nil, reachedByHost[host] == nil else {
            return
        }
        reachedByHost[host] = address
    }

    mutating func add(_ endpoint: Endpoint, as pathID: Int) {
        endpoints[pathID] = endpoint
    }

    mutating func rebind(_ pathID: Int, source: String) {
        endpoints[pathID]?.source = source
    }
}

extension SocketAddress {
    fileprivate func withPort(_ port: Int) throws -> SocketAddress {
        guard let ip = ipAddress else { return self }
        return try SocketAddress(ipAddress: ip, port: port)
    }
}
