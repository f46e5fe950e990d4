@testable import KwikCore
import NIOCore
import Testing

/// When a session last moved data, on a fake clock.
@Suite struct ProgressWatchTests {
    static let start = NIODeadline.uptimeNanoseconds(1_000_000_000)

    static func at(_ milliseconds: Int64) -> NIODeadline { start + .milliseconds(milliseconds) }

    @Test func stillSinceCreationUntilDataMoves() {
        var watch = ProgressWatch(now: Self.start)
        #expect(watch.observe(delivered: 0, acknowledged: 0, at: Self.at(500)) == .milliseconds(500))
        #expect(watch.observe(delivered: 10, acknowledged: 0, at: Self.at(600)) == .zero)
        #expect(watch.stillFor(at: Self.at(900)) == .milliseconds(300))
    }

    @Test func eitherDirectionCountsAndNothingElseDoes() {
        var watch = ProgressWatch(now: Self.start)
        _ = watch.observe(delivered: 10, acknowledged: 0, at: Self.at(100))
        #expect(watch.observe(delivered: 10, acknowledged: 3, at: Self.at(200)) == .zero, "acknowledged moved")
        #expect(watch.observe(delivered: 10, acknowledged: 3, at: Self.at(700)) == .milliseconds(500))
        #expect(watch.observe(delivered: 4, acknowledged: 1, at: Self.at(800)) == .milliseconds(600), "no going back")
    }

    @Test func aClockBeforeTheLastProgressIsNotStill() {
        let watch = ProgressWatch(now: Self.at(100))
        #expect(watch.stillFor(at: Self.start) == .zero)
    }
}
