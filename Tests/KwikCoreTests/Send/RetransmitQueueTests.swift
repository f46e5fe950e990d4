@testable import KwikCore
import NIOCore
import Testing

@Suite struct RetransmitQueueTests {
    private func queue(packets: Int, onPath pathID: Int) -> RetransmitQueue {
        var queue = RetransmitQueue()
        for index in 0..<packets {
            let position = queue.append(byteBuffer([UInt8](repeating: 0, count: 10)))
            queue[position].pathID = pathID
            queue[position].pathSequence = UInt64(index + 1)
        }
        return queue
    }

    @Test func acknowledgementsDropWhatTheyCoverAndIgnoreTheImpossible() {
        var queue = queue(packets: 5, onPath: 1)
        let beyond = queue.acknowledge(cumulative: 6)
        #expect(!beyond, "beyond what was sent")
        let first = queue.acknowledge(cumulative: 2)
        let again = queue.acknowledge(cumulative: 2)
        #expect(first && !again, "the second brings nothing new")
        #expect(queue.entries.map(\.sequence) == [2, 3, 4])
        let rest = queue.acknowledge(cumulative: 5)
        #expect(rest && queue.isFullyAcknowledged)
    }

    @Test func aFailedPathOrphansOnlyWhatItHadNotDelivered() {
        var queue = queue(packets: 5, onPath: 1)
        let orphans = queue.orphan(pathID: 1, delivered: 2)
        #expect(orphans.packets == 3 && orphans.bytes == 30 && orphans.highestSequence == 4)
        #expect(queue.nextResend() == 2)
        queue.resendTaken()
        // Acknowledged meanwhile: skipped.
        let acknowledged = queue.acknowledge(cumulative: 4)
        #expect(acknowledged)
        #expect(queue.nextResend() == 0, "sequence 4 is now the first entry")
        queue.resendTaken()
        #expect(queue.nextResend() == nil)
    }

    @Test func aRedundantCopyMovesTheEntryToItsSurvivingPath() {
        var queue = queue(packets: 1, onPath: 1)
        queue[0].copies = 1 << 3
        let orphans = queue.orphan(pathID: 1, delivered: 0)
        #expect(orphans.packets == 0)
        #expect(queue[0].pathID == 3 && queue[0].copies == 0)
        let survivorLost = queue.orphan(pathID: 3, delivered: 0)
        #expect(survivorLost.packets == 1, "the survivor's failure re-injects it")
    }

    @Test func reinjectionsAreTimedAndBounded() {
        var tracker = ReinjectionTracker()
        let nothing = tracker.record(pathID: 1, RetransmitQueue.Orphans())
        #expect(nothing.id == nil && tracker.recent.isEmpty)
        let first = tracker.record(pathID: 1, RetransmitQueue.Orphans(packets: 2, bytes: 20, highestSequence: 7))
        #expect(first.id == 0)
        tracker.sent(9, at: 100)
        #expect(tracker.recent[0].firstSentAt == nil, "sequence 9 was not part of it")
        tracker.sent(6, at: 200)
        tracker.acknowledged(below: 7, at: 300)
        #expect(tracker.recent[0].firstSentAt == 200 && tracker.recent[0].acknowledgedAt == nil)
        tracker.acknowledged(below: 8, at: 400)
        #expect(tracker.recent[0].acknowledgedAt == 400)
        for _ in 0..<ReinjectionTracker.capacity {
            _ = tracker.record(pathID: 2, RetransmitQueue.Orphans(packets: 1, bytes: 1, highestSequence: 1))
        }
        #expect(tracker.recent.count == ReinjectionTracker.capacity && tracker.recent.first?.id == 1)
    }
}
