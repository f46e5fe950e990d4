@testable import KwikCore
import KwikSnapshot
import NIOCore
import Testing

@Suite struct SenderAggregationTests {
    static let ms: UInt64 = 1_000_000

    /// Path 2 (200 ms RTT) holds the whole 4-packet window; path 1 (2 ms) joins with room.
    func windowHeldBySlowPath(scheduler: SchedulerKind = .ecf) -> (SenderHarness, UInt64) {
        let h = SenderHarness(packets: 100, window: 4, scheduler: scheduler, inFlightLimit: 8)
        h.register(2)
        h.register(1)
        let now = NIODeadline.now().uptimeNanoseconds
        h.sender.rttSample(200_000, smoothed: 200_000, forPath: 2, now: now)
        h.sender.rttSample(2000, smoothed: 2000, forPath: 1, now: now)
        return (h, now)
    }

    @Test func theHeadOfAFullWindowIsSentAgainOnAFasterPath() {
        let (h, now) = windowHeldBySlowPath()
        #expect(h.take(2).sequences == [0, 1, 2, 3])
        #expect(h.take(1).isEmpty)
        h.sender.pump(now: now)
        #expect(h.take(1).sequences == [0], "the head, once")
        h.sender.pump(now: now + Self.ms)
        #expect(h.take(1).isEmpty)
        let slow = h.sender.summary(now: now).paths.first { $0.id == 2 }
        #expect(slow?.opportunisticReinjections == 1)
        #expect(slow.map { $0.inFlightTarget < 8 } == true, "the slow path is penalised")
    }

    /// Long past when it should have arrived (its link went silent): the slow path's whole window is
    /// copied at once, not one head per round trip of the fast path.
    @Test func anOverdueHeadHasItsPathsLatePacketsCopiedAtOnce() {
        let (h, now) = windowHeldBySlowPath()
        #expect(h.take(2).sequences == [0, 1, 2, 3])
        h.sender.pump(now: now + 500 * Self.ms)
        #expect(h.take(1).sequences == [0, 1, 2, 3])
        h.sender.pump(now: now + 600 * Self.ms)
        #expect(h.take(1).isEmpty, "each copied once")
        let slow = h.sender.summary(now: now).paths.first { $0.id == 2 }
        #expect(slow?.opportunisticReinjections == 4)
    }

    @Test func aHeadNotYetLateIsLeftToItsPath() {
        let (h, now) = windowHeldBySlowPath()
        _ = h.take(2)
        h.sender.pump(now: now + 150 * Self.ms)
        #expect(h.take(1).isEmpty, "past its one-way time, too late to win, and not yet overdue")
        h.sender.pump(now: now + 320 * Self.ms)
        #expect(h.take(1).sequences == [0, 1, 2, 3])
    }

    @Test func aLateHeadOnAPathThatStillAcknowledgesIsLeftToIt() {
        let (h, now) = windowHeldBySlowPath()
        _ = h.take(2)
        h.ack(cumulative: 1, window: 4, pathAck: 1, on: 2, now: now + 400 * Self.ms)
        h.sender.pump(now: now + 450 * Self.ms)
        #expect(h.take(1).sequences == [4], "a new packet in the room the acknowledgement made, no copies")
        h.sender.pump(now: now + 700 * Self.ms)
        #expect(h.take(1).sequences == [1, 2, 3], "silent since, the path's late packets are copied")
    }

    @Test func windowLimitedTimeGoesToThePathAtTheHead() {
        let (h, now) = windowHeldBySlowPath(scheduler: .minrtt)
        _ = h.take(2)
        h.sender.pump(now: now)
        func headOfLine(_ summary: SenderSummary, _ path: Int) -> UInt64? {
            summary.paths.first { $0.id == path }?.headOfLineNanos
        }
        // The stretch began when path 2 filled the window, a moment before `now`.
        let base = h.sender.summary(now: now)
        let summary = h.sender.summary(now: now + 5 * Self.ms)
        #expect(summary.windowLimitedNanos == base.windowLimitedNanos + 5 * Self.ms)
        #expect(headOfLine(summary, 2) == headOfLine(base, 2).map { $0 + 5 * Self.ms })
        #expect(headOfLine(summary, 1) == 0)
        // The head is acknowledged: path 1 fills the window that opens, and holds its head from then on.
        h.ack(cumulative: 4, window: 4, pathAck: 4, on: 2, now: now + 8 * Self.ms)
        let later = h.sender.summary(now: now + 20 * Self.ms)
        #expect(headOfLine(later, 2) == headOfLine(base, 2).map { $0 + 8 * Self.ms })
        #expect(headOfLine(later, 1) == 12 * Self.ms)
        #expect(later.windowLimitedNanos == base.windowLimitedNanos + 20 * Self.ms)
    }

    @Test func redundantGivesEveryPathACopyOfEveryPacket() {
        let h = SenderHarness(packets: 6, window: 6, scheduler: .redundant, inFlightLimit: 8)
        h.register(1)
        h.register(2)
        let one = h.take(1)
        let two = h.take(2)
        #expect(one.sequences == [0, 1, 2, 3, 4, 5])
        #expect(two.sequences == [0, 1, 2, 3, 4, 5])
        h.expectPayloadsMatch(two)
        #expect(two.pathSequences == [1, 2, 3, 4, 5, 6])
    }

    @Test func aSlowRedundantPathCopiesOnlyWhatIsStillUnacknowledged() {
        let h = SenderHarness(packets: 8, window: 8, scheduler: .redundant, inFlightLimit: 8)
        h.register(1)
        #expect(h.take(1).sequences == Array(0..<8))
        h.ack(cumulative: 5, window: 8, pathAck: 5, on: 1)
        h.register(2)
        #expect(h.take(2).sequences == [5, 6, 7])
    }
}

/// A paced stream asks the paths for less than they carry: where it goes is the scheduler's choice.
@Suite struct PacedSchedulingTests {
    static let ms: UInt64 = 1_000_000

    /// Paths 1 (2 ms) and 2 (20 ms), both with room; 100-byte packets at one per 10 ms for 60 ms, each
    /// acknowledged before the next is due.
    func shares(_ scheduler: SchedulerKind) -> (Int, Int) {
        let h = SenderHarness(packets: 1000, window: 1000, scheduler: scheduler, inFlightLimit: 16, rate: 10_000)
        h.register(1)
        h.register(2)
        let now = NIODeadline.now().uptimeNanoseconds
        h.sender.rttSample(2000, smoothed: 2000, forPath: 1, now: now)
        h.sender.rttSample(20_000, smoothed: 20_000, forPath: 2, now: now)
        var frames = (h.take(1), h.take(2))
        for step in 1...6 {
            let at = now + UInt64(step) * 10 * Self.ms
            let sent = (frames.0 + frames.1).map { $0.header.globalSequence + 1 }.max() ?? 0
            h.ack(cumulative: sent, window: 1000, pathAck: UInt64(frames.0.count), on: 1, now: at)
            h.ack(cumulative: sent, window: 1000, pathAck: UInt64(frames.1.count), on: 2, now: at)
            h.sender.pump(now: at)
            frames.0 += h.take(1)
            frames.1 += h.take(2)
        }
        return (frames.0.count, frames.1.count)
    }

    @Test func eachSchedulerPlacesAPacedStreamItsOwnWay() {
        let minrtt = shares(.minrtt)
        let roundrobin = shares(.roundrobin)
        let redundant = shares(.redundant)
        #expect(minrtt.1 == 0 && minrtt.0 >= 6, "minrtt keeps it on the short path: \(minrtt)")
        #expect(roundrobin.0 >= 3 && roundrobin.1 >= 3, "roundrobin takes turns: \(roundrobin)")
        #expect(abs(roundrobin.0 - roundrobin.1) <= 1, "roundrobin takes turns: \(roundrobin)")
        #expect(redundant.0 == redundant.1 && redundant.0 >= 6, "redundant copies it to both: \(redundant)")
        #expect(minrtt.0 + minrtt.1 <= 8, "the rate holds: \(minrtt)")
    }
}
