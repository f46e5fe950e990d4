import KwikSnapshot

/// What makes a finished run a failure.
enum Verdict {
    static func problem(with snapshot: SessionSnapshot, receives: Bool, sends: Bool) -> String? {
        if snapshot.corruptBytes > 0 { return "\(snapshot.corruptBytes) corrupt bytes received" }
        if snapshot.deliveryOrderViolations > 0 {
            return "\(snapshot.deliveryOrderViolations) delivery-order violations"
        }
        if let peer = snapshot.peer {
            if peer.corruptBytes > 0 { return "the peer received \(peer.corruptBytes) corrupt bytes" }
            if peer.deliveryOrderViolations > 0 {
                return "the peer saw \(peer.deliveryOrderViolations) delivery-order violations"
            }
        }
        guard let total = snapshot.workload.totalBytes else { return nil }
        if receives && snapshot.verifiedBytes != total {
            return "verified \(snapshot.verifiedBytes) of \(total) bytes received"
        }
        if sends && (snapshot.peer?.verifiedBytes ?? 0) != total {
            return "the peer verified \(snapshot.peer?.verifiedBytes ?? 0) of \(total) bytes sent"
        }
        return nil
    }
}
