/// `net.mptcp.enabled` of this network namespace: with 0, new sockets asking for MPTCP get plain TCP,
/// so there is nothing to watch however many programs ask for it.
public enum MPTCPEnabled {
    /// nil when the kernel has no such setting (no MPTCP at all) or it cannot be read.
    public static func read(path: String = "/proc/sys/net/mptcp/enabled") -> Bool? {
        guard let line = ProcText.firstLine(of: path), let value = Int(line) else { return nil }
        return value != 0
    }

    /// What to tell the user, if anything.
    public static func notice(_ enabled: Bool?) -> String? {
        switch enabled {
        case false?: return "net.mptcp.enabled is 0: new connections fall back to TCP (sysctl -w net.mptcp.enabled=1)"
        case nil: return "this kernel shows no net.mptcp.enabled: it may have no MPTCP"
        default: return nil
        }
    }
}
