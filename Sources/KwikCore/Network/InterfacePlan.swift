#if canImport(Glibc)
import Glibc
#endif

/// Which interfaces a client opens paths on: every usable one, or those named.
public enum InterfaceSelection: Sendable, Equatable {
    /// Every interface that is up, is not loopback, and has an address of the server's family.
    case automatic
    case named([String])
}

/// One path per interface, as interfaces come and go: a state machine fed with the host's interface
/// list, returning what to do. A path keeps its id for its interface: parked while the interface has
/// no usable address, it comes back on the same id.
public struct InterfacePlan: Sendable {
    public enum Change: Equatable, Sendable {
        /// A new interface: a new path, bound to it.
        case open(pathID: Int, Endpoint)
        /// The interface lost its address or went down: its path fails now and waits.
        case park(pathID: Int, reason: String)
        /// The interface is usable again, from `source`.
        case revive(pathID: Int, source: String)
    }

    let selection: InterfaceSelection
    let server: Endpoint
    /// The address each interface's path is bound to, by path id; nil while parked.
    private(set) var bound: [Int: (interface: String, source: String?)] = [:]

    let limit: Int

    public init(selection: InterfaceSelection, server: Endpoint, limit: Int = 16) {
        self.selection = selection
        self.server = server
        self.limit = limit
    }

    /// The first paths: one per usable interface, in the kernel's order (the named order for a list).
    public mutating func initialEndpoints(_ interfaces: [NetworkInterface]) throws(EngineError) -> [Endpoint] {
        if case .named(let names) = selection {
            for name in names where !interfaces.contains(where: { $0.name == name }) {
                throw .invalidArgument("no interface named '\(name)' (or it has no address)")
            }
        }
        var endpoints: [Endpoint] = []
        for change in update(interfaces) {
            if case .open(_, let endpoint) = change { endpoints.append(endpoint) }
        }
        guard !endpoints.isEmpty else {
            throw .invalidArgument(
                "no usable interface to reach \(server.host): none is up with an address of its family, loopback aside")
        }
        return endpoints
    }

    /// What changed since the last list. Paths are numbered from 1 in the order they open.
    public mutating func update(_ interfaces: [NetworkInterface]) -> [Change] {
        let usable = self.usable(interfaces)
        var changes: [Change] = []
        for (pathID, entry) in bound.sorted(by: { $0.key < $1.key }) {
            let now = usable.first { $0.name == entry.interface }?.address
            switch (entry.source, now) {
            case (let old?, let new?) where old == new:
                continue
            case (_?, let new?):
                // A new address: the old connection cannot carry on from it.
                changes.append(.park(pathID: pathID, reason: "interface \(entry.interface) changed address"))
                changes.append(.revive(pathID: pathID, source: new))
                bound[pathID] = (entry.interface, new)
            case (_?, nil):
                changes.append(.park(pathID: pathID, reason: "interface \(entry.interface) is down or has no address"))
                bound[pathID] = (entry.interface, nil)
            case (nil, let new?):
                changes.append(.revive(pathID: pathID, source: new))
                bound[pathID] = (entry.interface, new)
            case (nil, nil):
                continue
            }
        }
        for candidate in usable where !bound.values.contains(where: { $0.interface == candidate.name }) {
            let pathID = (bound.keys.max() ?? 0) + 1
            guard pathID <= limit else { break }
            bound[pathID] = (candidate.name, candidate.address)
            changes.append(
                .open(
                    pathID: pathID,
                    Endpoint(host: server.host, port: server.port, device: candidate.name, source: candidate.address)))
        }
        return changes
    }

    /// Interfaces a path may use, each with the address to bind: of the server's family when its host is
    /// an address, IPv4 first otherwise.
    private func usable(_ interfaces: [NetworkInterface]) -> [(name: String, address: String)] {
        let family = Endpoint.family(of: server.host)
        let chosen: [NetworkInterface]
        switch selection {
        case .automatic: chosen = interfaces.filter { $0.isUp && !$0.isLoopback }
        case .named(let names): chosen = names.compactMap { name in interfaces.first { $0.name == name && $0.isUp } }
        }
        return chosen.compactMap { interface in
            let addresses = interface.addresses.filter { family == nil || Endpoint.family(of: $0) == family }
            let address = addresses.first { Endpoint.family(of: $0) == AF_INET } ?? addresses.first
            return address.map { (interface.name, $0) }
        }
    }
}
