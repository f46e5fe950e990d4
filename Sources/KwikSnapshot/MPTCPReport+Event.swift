extension MPTCPReport {
    /// One of the path manager's events, as `ip mptcp monitor` prints it: what happened to which
    /// connection (its token) and, where the kind carries them, the subflow's or address's ends, ids,
    /// backup flag, error and interface.
    public struct Event: Encodable, Equatable, Sendable {
        /// Seconds since the watch started, when the event was read.
        public var time: Double
        /// `created`, `established`, `closed`, `announced`, `removed`, `sf_established`, `sf_closed`,
        /// `sf_priority`, `listener_created`, `listener_closed`, or `event_N` for a kind not known here.
        public var kind: String
        public var token: String?
        public var local: String?
        public var remote: String?
        public var localId: UInt8?
        public var remoteId: UInt8?
        public var backup: Bool?
        /// The socket error that closed a subflow (errno).
        public var error: UInt8?
        public var interface: String?

        public init(time: Double, kind: String, token: String? = nil) {
            self.time = time
            self.kind = kind
            self.token = token
        }
    }
}
