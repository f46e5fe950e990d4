import KwikSnapshot
import NIOConcurrencyHelpers

/// A server's connections that have not completed their handshake, capped in all and per source
/// address. A newcomer is never refused: at a cap the oldest connection under it (from the same
/// address, or of all) is closed instead and the hit counted, so silent connections only ever push out
/// older ones and a client whose HELLO follows at once still gets in.
final class HandshakeGate: Sendable {
    /// A connection's place in the gate, given back with `release`.
    struct Ticket: Hashable, Sendable {
        fileprivate let number: UInt64
    }

    let maximumPending: Int
    let maximumPerSource: Int
    private let limits: LimitCounters
    private let state = NIOLockedValueBox(State())

    private struct Pending {
        let source: String
        let close: @Sendable (Limit) -> Void
    }

    private struct State {
        /// Numbers grow with every admission, so the smallest is the oldest.
        var next: UInt64 = 0
        var pending: [UInt64: Pending] = [:]
        /// The numbers of each source's pending connections, oldest first.
        var bySource: [String: [UInt64]] = [:]

        mutating func remove(_ number: UInt64) -> Pending? {
            guard let connection = pending.removeValue(forKey: number) else { return nil }
            bySource[connection.source]?.removeAll { $0 == number }
            if bySource[connection.source]?.isEmpty == true { bySource[connection.source] = nil }
            return connection
        }
    }

    /// - Parameter limits: where evictions are counted, `handshakes_per_source` or `handshakes_pending`.
    init(maximumPending: Int, maximumPerSource: Int, limits: LimitCounters) {
        self.maximumPending = maximumPending
        self.maximumPerSource = maximumPerSource
        self.limits = limits
    }

    /// Takes a place for a connection from `source`, closing the oldest pending connection under each
    /// cap it would go beyond.
    /// - Parameter close: ends this connection should it become the oldest one a cap evicts, with the
    ///   limit that evicted it.
    func admit(from source: String, close: @escaping @Sendable (Limit) -> Void) -> Ticket {
        let (ticket, evicted) = state.withLockedValue { state in
            var evicted: [(Limit, Pending)] = []
            if let fromSource = state.bySource[source], fromSource.count >= maximumPerSource,
                let first = fromSource.first, let oldest = state.remove(first)
            {
                evicted.append((.handshakesPerSource, oldest))
            }
            if state.pending.count >= maximumPending, let number = state.pending.keys.min(),
                let oldest = state.remove(number)
            {
                evicted.append((.handshakesPending, oldest))
            }
            let number = state.next
            state.next &+= 1
            state.pending[number] = Pending(source: source, close: close)
            state.bySource[source, default: []].append(number)
            return (Ticket(number: number), evicted)
        }
        // Outside the lock: a close on this loop runs the evicted connection's release at once.
        for (limit, connection) in evicted {
            limits.hit(limit)
            connection.close(limit)
        }
        return ticket
    }

    /// Gives the place back: the handshake completed or the connection is gone. A second release, or one
    /// after an eviction, changes nothing.
    func release(_ ticket: Ticket) {
        state.withLockedValue { _ = $0.remove(ticket.number) }
    }

    var pendingCount: Int { state.withLockedValue { $0.pending.count } }

    func pendingCount(from source: String) -> Int {
        state.withLockedValue { $0.bySource[source]?.count ?? 0 }
    }
}
