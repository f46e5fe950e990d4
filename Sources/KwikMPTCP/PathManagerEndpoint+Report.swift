import KwikSnapshot

extension PathManagerEndpoint {
    /// The endpoint as `kwiktop mptcp` reports it.
    public func report(interfaces: InterfaceNames = InterfaceNames(byAddress: [:])) -> MPTCPReport.Endpoint {
        let shown = address.unmappedIPv4 ?? address
        let names: [(PathManagerEndpointFlags, String)] = [
            (.signal, "signal"), (.subflow, "subflow"), (.backup, "backup"), (.fullmesh, "fullmesh"),
            (.implicit, "implicit"),
        ]
        return MPTCPReport.Endpoint(
            id: id, address: port == 0 ? shown.description : MPTCPReporter.endpoint(shown, port),
            flags: names.filter { flags.contains($0.0) }.map(\.1),
            interface: interfaceIndex == 0
                ? nil : interfaces.name(index: UInt32(bitPattern: interfaceIndex), address: nil))
    }
}
