@testable import KwikCore
import KwikSnapshot
import Testing

@Suite struct SessionLifecycleTests {
    @Test func aSessionEndsOnceWithTheFirstOutcome() {
        let lifecycle = SessionLifecycle()
        #expect(lifecycle.reading.phase == .connecting)
        lifecycle.pathJoined()
        #expect(lifecycle.reading.phase == .running && !lifecycle.isFinished)
        #expect(lifecycle.end(failure: "every path was lost"))
        #expect(!lifecycle.end(failure: nil), "a later end changes nothing")
        #expect(lifecycle.reading.phase == .failed && lifecycle.reading.failureReason == "every path was lost")
        lifecycle.pathJoined()
        #expect(lifecycle.reading.phase == .failed)
    }

    @Test func theRunIsCompleteOnceEveryByteWentThroughBothWays() {
        let download = CompletionRule(totalBytes: 100, receives: true, sends: false)
        #expect(!download.isComplete(delivered: 99, sendSideDone: false, peerDelivered: 0))
        #expect(download.isComplete(delivered: 100, sendSideDone: false, peerDelivered: 0))
        let upload = CompletionRule(totalBytes: 100, receives: false, sends: true)
        #expect(!upload.isComplete(delivered: 0, sendSideDone: true, peerDelivered: 99), "the peer must have it all")
        #expect(!upload.isComplete(delivered: 0, sendSideDone: false, peerDelivered: 100), "and have acknowledged it")
        #expect(upload.isComplete(delivered: 0, sendSideDone: true, peerDelivered: 100))
        let both = CompletionRule(totalBytes: 100, receives: true, sends: true)
        #expect(!both.isComplete(delivered: 50, sendSideDone: true, peerDelivered: 100))
        let unbounded = CompletionRule(totalBytes: 0, receives: true, sends: true)
        #expect(!unbounded.isComplete(delivered: 1 << 40, sendSideDone: true, peerDelivered: 1 << 40))
    }
}
