/// The in-kernel path manager over generic netlink: its endpoints and limits, and the changes
/// `kwiktop mptcp` makes to them. Each call opens a socket of its own and resolves the family, so a
/// caller holds nothing between looks.
public enum PathManager {
    /// A change to one endpoint.
    public enum Change: Equatable, Sendable {
        case setBackup(PathManagerEndpoint, Bool)
        case remove(PathManagerEndpoint)
        case add(PathManagerEndpoint)
    }

    public static func endpoints() throws -> (endpoints: [PathManagerEndpoint], limits: PathManagerLimits) {
        var socket = try NetlinkSocket(.generic)
        let family = try resolve(&socket)
        let endpoints = try PathManagerEndpoint.decode(
            dump: socket.request(PathManagerRequest.getEndpoints(family: family)))
        let limits = try PathManagerLimits.decode(reply: socket.request(PathManagerRequest.getLimits(family: family)))
        return (endpoints.sorted { $0.id < $1.id }, limits)
    }

    /// Throws the kernel's answer when it refuses (NetlinkKernelError, with its reason text).
    public static func apply(_ change: Change) throws {
        var socket = try NetlinkSocket(.generic)
        let family = try resolve(&socket)
        let request: NetlinkMessage
        switch change {
        case .setBackup(let endpoint, let backup):
            request = PathManagerRequest.setBackup(family: family, endpoint: endpoint, backup: backup)
        case .remove(let endpoint):
            request = PathManagerRequest.deleteEndpoint(family: family, endpointID: endpoint.id)
        case .add(let endpoint):
            request = PathManagerRequest.addEndpoint(family: family, endpoint)
        }
        _ = try socket.request(request)
    }

    private static func resolve(_ socket: inout NetlinkSocket) throws -> UInt16 {
        try GenericNetlinkFamily.decode(reply: socket.request(GenericNetlinkFamily.request())).id
    }
}
