extension MPTCPReport {
    /// A connection's own counters, from its mptcp_info; those the kernel does not report are absent
    /// (the byte and retransmission counters came with Linux 6.5, the total and the ages with 6.10).
    public struct Counters: Encodable, Equatable, Sendable {
        /// Subflows beyond the first, now; and the most the path manager allows.
        public var subflows: UInt8
        public var subflowsMax: UInt8
        /// Every subflow the connection ever had, the first and closed ones included.
        public var subflowsTotal: UInt8?
        public var addAddrSignal: UInt8
        public var addAddrSignalMax: UInt8
        public var addAddrAccepted: UInt8
        public var addAddrAcceptedMax: UInt8
        public var localAddrUsed: UInt8
        public var localAddrMax: UInt8
        public var checksum: Bool
        /// Data-level retransmissions, and their bytes.
        public var retransmits: UInt32?
        public var bytesRetransmitted: UInt64?
        public var bytesSent: UInt64?
        public var bytesReceived: UInt64?
        public var bytesAcked: UInt64?
        public var lastDataSentMs: UInt32?
        public var lastDataReceivedMs: UInt32?
        public var lastAckMs: UInt32?

        public init(
            subflows: UInt8, subflowsMax: UInt8, addAddrSignal: UInt8 = 0, addAddrSignalMax: UInt8 = 0,
            addAddrAccepted: UInt8 = 0, addAddrAcceptedMax: UInt8 = 0, localAddrUsed: UInt8 = 0,
            localAddrMax: UInt8 = 0, checksum: Bool = false
        ) {
            self.subflows = subflows
            self.subflowsMax = subflowsMax
            self.addAddrSignal = addAddrSignal
            self.addAddrSignalMax = addAddrSignalMax
            self.addAddrAccepted = addAddrAccepted
            self.addAddrAcceptedMax = addAddrAcceptedMax
            self.localAddrUsed = localAddrUsed
            self.localAddrMax = localAddrMax
            self.checksum = checksum
        }
    }
}
