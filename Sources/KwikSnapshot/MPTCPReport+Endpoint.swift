extension MPTCPReport {
    /// One endpoint of the in-kernel path manager, as `ip mptcp endpoint show` lists it.
    public struct Endpoint: Encodable, Equatable, Sendable {
        public var id: UInt8
        /// The address, with its port when the endpoint has one.
        public var address: String
        /// `signal`, `subflow`, `backup`, `fullmesh`, `implicit`, in that order.
        public var flags: [String]
        public var interface: String?

        public init(id: UInt8, address: String, flags: [String], interface: String? = nil) {
            self.id = id
            self.address = address
            self.flags = flags
            self.interface = interface
        }

        public var isBackup: Bool { flags.contains("backup") }
    }

    /// The path manager's per-connection limits (`ip mptcp limits show`).
    public struct Limits: Encodable, Equatable, Sendable {
        public var subflows: UInt32
        public var addAddrAccepted: UInt32

        public init(subflows: UInt32, addAddrAccepted: UInt32) {
            self.subflows = subflows
            self.addAddrAccepted = addAddrAccepted
        }
    }
}
