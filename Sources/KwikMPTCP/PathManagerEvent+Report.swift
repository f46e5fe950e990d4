import KwikSnapshot

extension PathManagerEvent {
    /// The event as `kwiktop mptcp` reports it, read at `time` (seconds since the watch started).
    public func report(time: Double, interfaces: InterfaceNames = InterfaceNames(byAddress: [:])) -> MPTCPReport.Event {
        let attributes = attributes
        var event = MPTCPReport.Event(time: time, kind: kindName, token: attributes.token.map(MPTCPReporter.hex))
        event.local = Self.endpoint(attributes.sourceAddress, attributes.sourcePort)
        event.remote = Self.endpoint(attributes.destinationAddress, attributes.destinationPort)
        event.localId = attributes.localID
        event.remoteId = attributes.remoteID
        event.backup = attributes.backup
        // Zero is the kernel's "no error" on a subflow that closed cleanly.
        event.error = attributes.error.flatMap { $0 == 0 ? nil : $0 }
        if attributes.interfaceIndex != nil || attributes.sourceAddress != nil {
            event.interface = interfaces.name(
                index: UInt32(bitPattern: attributes.interfaceIndex ?? 0), address: attributes.sourceAddress)
        }
        return event
    }

    /// The names `ip mptcp monitor` prints, in lower case.
    public var kindName: String {
        switch self {
        case .created: return "created"
        case .established: return "established"
        case .closed: return "closed"
        case .announced: return "announced"
        case .removed: return "removed"
        case .subflowEstablished: return "sf_established"
        case .subflowClosed: return "sf_closed"
        case .subflowPriority: return "sf_priority"
        // Kernels from 6.8 on also report listeners; these headers may be older.
        case .other(15, _): return "listener_created"
        case .other(16, _): return "listener_closed"
        case .other(let kind, _): return "event_\(kind)"
        }
    }

    /// An address with its port, an address alone (an announced one may have no port), or nil: a
    /// removed address is named by its id only.
    private static func endpoint(_ address: IPAddress?, _ port: UInt16?) -> String? {
        guard let address else { return nil }
        guard let port, port != 0 else { return (address.unmappedIPv4 ?? address).description }
        return MPTCPReporter.endpoint(address, port)
    }
}
