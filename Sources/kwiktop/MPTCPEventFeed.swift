import Foundation
import KwikMPTCP
import KwikSnapshot
import NIOConcurrencyHelpers
import Synchronization

/// The path manager's events ("mptcp_pm_events", what `ip mptcp monitor` follows), read on a thread
/// of their own so that each is timed when it arrives, and held until the watch's next report takes
/// them.
final class MPTCPEventFeed: Sendable {
    /// Events held at most between two reports; beyond it the oldest are dropped and counted.
    static let pendingLimit = 4096

    struct Arrival: Sendable {
        /// Seconds since the watch started.
        let time: Double
        let event: PathManagerEvent
    }

    private struct State {
        var pending: [Arrival] = []
        var lost = 0
        var setup: Setup = .starting
    }

    private enum Setup {
        case starting, ready
        case failed(String)
    }

    private let state = NIOLockedValueBox(State())
    private let started = ConditionLock(value: false)
    private let running = Atomic<Bool>(true)

    /// Subscribes before returning, so that no event after it is missed; throws the reason the
    /// subscription failed (no MPTCP path manager, no permission).
    init(time: @escaping @Sendable () -> Double) throws {
        Thread.detachNewThread { [self] in follow(time: time) }
        started.lock(whenValue: true)
        started.unlock()
        if case .failed(let reason) = state.withLockedValue({ $0.setup }) { throw Failure(reason: reason) }
    }

    struct Failure: Error, CustomStringConvertible {
        let reason: String
        var description: String { "no event log: \(reason)" }
    }

    func stop() { running.store(false, ordering: .relaxed) }

    /// The events since the last call, and how many were lost in all (kernel overruns and drops here).
    func take() -> (events: [Arrival], lost: Int) {
        state.withLockedValue { state in
            defer { state.pending.removeAll(keepingCapacity: true) }
            return (state.pending, state.lost)
        }
    }

    private func follow(time: @Sendable () -> Double) {
        do {
            // Events carry sequence 0: they get a socket of their own, never used for requests.
            let socket = try NetlinkSocket(.generic)
            let family = try Self.subscribe(socket)
            announce(.ready)
            read(socket, family: family, time: time)
        } catch {
            announce(.failed("\(error)"))
        }
    }

    private func read(_ socket: borrowing NetlinkSocket, family: UInt16, time: @Sendable () -> Double) {
        while running.load(ordering: .relaxed) {
            do {
                guard let messages = try socket.receive(waitingAtMost: 200) else { continue }
                let now = time()
                let events = messages.compactMap { message in
                    // A message that does not decode is lost, not fatal: the next one may.
                    (try? PathManagerEvent(message: message, family: family)).map { Arrival(time: now, event: $0) }
                }
                record(events, lost: messages.count - events.count)
            } catch NetlinkSocketError.overrun {
                record([], lost: 1)
            } catch {
                record([], lost: 1)
                return
            }
        }
    }

    /// Joins `socket` to the events group; returns the path manager's family id.
    private static func subscribe(_ socket: borrowing NetlinkSocket) throws -> UInt16 {
        var control = try NetlinkSocket(.generic)
        let family = try GenericNetlinkFamily.decode(reply: control.request(GenericNetlinkFamily.request()))
        guard let group = family.mptcpEventsGroup else {
            throw Failure(reason: "the kernel's path manager has no \(GenericNetlinkFamily.mptcpEventsGroupName) group")
        }
        try socket.joinGroup(group)
        return family.id
    }

    private func announce(_ setup: Setup) {
        state.withLockedValue { $0.setup = setup }
        started.lock()
        started.unlock(withValue: true)
    }

    private func record(_ events: [Arrival], lost: Int) {
        state.withLockedValue { state in
            state.pending += events
            state.lost += lost
            let excess = state.pending.count - Self.pendingLimit
            if excess > 0 {
                state.pending.removeFirst(excess)
                state.lost += excess
            }
        }
    }
}
