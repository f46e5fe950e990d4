@testable import KwikCore
import KwikSnapshot
import NIOConcurrencyHelpers
import Testing

/// The cap on connections still shaking hands, with fake connections that only record being closed.
@Suite struct HandshakeGateTests {
    /// Fake connections by name: why each one was closed, and its place, which a close gives back as a
    /// closing channel's `channelInactive` would.
    final class Connections: Sendable {
        let gate: HandshakeGate
        private let state = NIOLockedValueBox(State())

        struct State {
            var tickets: [String: HandshakeGate.Ticket] = [:]
            var closed: [String: Limit] = [:]
        }

        init(_ gate: HandshakeGate) { self.gate = gate }

        func open(_ name: String, from source: String) {
            // Weak: the gate keeps the close of every place still taken when the test ends.
            let ticket = gate.admit(from: source) { [weak self] limit in
                guard let self else { return }
                let ticket = state.withLockedValue { state in
                    state.closed[name] = limit
                    return state.tickets[name]
                }
                if let ticket { gate.release(ticket) }
            }
            state.withLockedValue { $0.tickets[name] = ticket }
        }

        func release(_ name: String) {
            if let ticket = state.withLockedValue({ $0.tickets[name] }) { gate.release(ticket) }
        }

        var closed: [String: Limit] { state.withLockedValue { $0.closed } }
    }

    let limits = LimitCounters()

    func connections(pending: Int, perSource: Int) -> Connections {
        Connections(HandshakeGate(maximumPending: pending, maximumPerSource: perSource, limits: limits))
    }

    @Test func theOldestFromAnAddressMakesWayAtItsCap() {
        let connections = connections(pending: 16, perSource: 3)
        for name in ["a1", "a2", "a3"] { connections.open(name, from: "10.0.0.1") }
        connections.open("b1", from: "10.0.0.2")
        #expect(connections.closed.isEmpty)
        connections.open("a4", from: "10.0.0.1")
        #expect(connections.closed == ["a1": .handshakesPerSource])
        connections.open("a5", from: "10.0.0.1")
        #expect(connections.closed == ["a1": .handshakesPerSource, "a2": .handshakesPerSource])
        #expect(connections.gate.pendingCount(from: "10.0.0.1") == 3)
        #expect(connections.gate.pendingCount == 4, "the other address keeps its connection")
        #expect(limits.current == LimitHits([.handshakesPerSource: 2]))
    }

    @Test func theOldestOfAllMakesWayAtTheGlobalCap() {
        let connections = connections(pending: 4, perSource: 3)
        connections.open("b1", from: "10.0.0.2")
        connections.open("a1", from: "10.0.0.1")
        connections.open("a2", from: "10.0.0.1")
        connections.open("b2", from: "10.0.0.2")
        connections.open("c1", from: "10.0.0.3")
        #expect(connections.closed == ["b1": .handshakesPending])
        connections.open("c2", from: "10.0.0.3")
        #expect(connections.closed == ["b1": .handshakesPending, "a1": .handshakesPending])
        #expect(connections.gate.pendingCount == 4)
        #expect(limits.current == LimitHits([.handshakesPending: 2]))
    }

    @Test func anAddressAtItsCapMakesRoomForItselfBeforeTheGlobalCapIsConsulted() {
        let connections = connections(pending: 4, perSource: 2)
        for name in ["a1", "a2"] { connections.open(name, from: "10.0.0.1") }
        for name in ["b1", "b2"] { connections.open(name, from: "10.0.0.2") }
        connections.open("a3", from: "10.0.0.1")
        #expect(connections.closed == ["a1": .handshakesPerSource], "one eviction is enough for both caps")
        connections.open("c1", from: "10.0.0.3")
        #expect(connections.closed == ["a1": .handshakesPerSource, "a2": .handshakesPending])
        #expect(limits.current == LimitHits([.handshakesPerSource: 1, .handshakesPending: 1]))
    }

    @Test func aConnectionThatCompletesItsHandshakeGivesItsPlaceBack() {
        let connections = connections(pending: 2, perSource: 2)
        connections.open("a1", from: "10.0.0.1")
        connections.open("a2", from: "10.0.0.1")
        connections.release("a1")
        #expect(connections.gate.pendingCount == 1)
        connections.open("a3", from: "10.0.0.1")
        connections.open("b1", from: "10.0.0.2")
        #expect(connections.closed == ["a2": .handshakesPending], "a1 joined: it is no longer the oldest")
        #expect(limits.current == LimitHits([.handshakesPending: 1]))
    }

    @Test func aClosedConnectionGivesItsPlaceBackOnceAndOnlyItsOwn() {
        let connections = connections(pending: 2, perSource: 2)
        connections.open("a1", from: "10.0.0.1")
        connections.open("a2", from: "10.0.0.1")
        connections.release("a2")
        connections.release("a2")
        #expect(connections.gate.pendingCount == 1, "a second release changes nothing")
        connections.open("a3", from: "10.0.0.1")
        connections.open("a4", from: "10.0.0.1")
        // a1 was evicted and gave its place back from its close; its later release must not free a4's.
        connections.release("a1")
        #expect(connections.closed == ["a1": .handshakesPerSource])
        #expect(connections.gate.pendingCount == 2)
        #expect(connections.gate.pendingCount(from: "10.0.0.1") == 2)
    }
}
