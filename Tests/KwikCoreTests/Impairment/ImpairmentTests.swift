@testable import KwikCore
import NIOCore
import NIOEmbedded
import Testing

@Suite struct ImpairmentProfileTests {
    @Test func parsesEveryKey() throws {
        let (path, profile) = try ImpairmentProfile.parse(assignment: "3:delay=20ms,jitter=2ms,rate=200mbit")
        #expect(path == 3)
        #expect(profile == ImpairmentProfile(delay: .milliseconds(20), jitter: .milliseconds(2), rate: 200e6))
        #expect(try ImpairmentProfile.parse("delay=1.5ms") == ImpairmentProfile(delay: .microseconds(1500)))
        #expect(try ImpairmentProfile.parse("rate=1gbit").rate == 1e9)
        #expect(
            try ImpairmentProfile.parse("rate=500kbit,delay=250us")
                == ImpairmentProfile(delay: .microseconds(250), rate: 500e3))
        #expect(try ImpairmentProfile.parse("delay=1s").delay == .seconds(1))
    }

    @Test(arguments: [
        ("3:delay=2Oms", "'2Oms' is not a duration"),
        ("3:delay", "must be key=value"),
        ("3:speed=10mbit", "unknown key 'speed'"),
        ("3:rate=fast", "'fast' is not a rate"),
        ("3:rate=0mbit", "is not a rate"),
        ("x:delay=1ms", "'x' is not a path id"),
        ("0:delay=1ms", "'0' is not a path id"),
        ("delay=1ms", "must be PATH:key=value"),
        ("3:", "empty profile"),
        ("3:delay=-1ms", "is not a duration"),
    ])
    func namesTheBadPart(_ text: String, _ expected: String) {
        #expect {
            try ImpairmentProfile.parse(assignment: text)
        } throws: { error in
            "\(error)".contains(expected)
        }
    }

    @Test func describesItselfInItsOwnSyntax() throws {
        let profile = ImpairmentProfile(delay: .milliseconds(20), jitter: .microseconds(500), rate: 200e6)
        #expect(profile.description == "delay=20ms,jitter=500us,rate=200.0mbit")
        #expect(try ImpairmentProfile.parse(profile.description) == profile)
        #expect(ImpairmentProfile().description == "none")
    }
}

@Suite struct ImpairmentHandlerTests {
    private func shaped(_ profile: ImpairmentProfile) throws -> (EmbeddedChannel, EmbeddedEventLoop) {
        let loop = EmbeddedEventLoop()
        let channel = EmbeddedChannel(handler: ImpairmentHandler(profile: profile), loop: loop)
        return (channel, loop)
    }

    private func bytes(_ count: Int) -> ByteBuffer {
        ByteBuffer(repeating: 7, count: count)
    }

    @Test func delaysEveryWriteAndKeepsOrder() throws {
        let (channel, loop) = try shaped(ImpairmentProfile(delay: .milliseconds(20)))
        channel.write(bytes(1), promise: nil)
        channel.writeAndFlush(bytes(2), promise: nil)
        #expect(try channel.readOutbound(as: ByteBuffer.self) == nil)
        loop.advanceTime(by: .milliseconds(19))
        #expect(try channel.readOutbound(as: ByteBuffer.self) == nil)
        loop.advanceTime(by: .milliseconds(2))
        #expect(try channel.readOutbound(as: ByteBuffer.self)?.readableBytes == 1)
        #expect(try channel.readOutbound(as: ByteBuffer.self)?.readableBytes == 2)
        _ = try channel.finish()
    }

    @Test func pacesWritesAtTheRate() throws {
        // 1 Mbit/s: 12 500 bytes take 100 ms each.
        let (channel, loop) = try shaped(ImpairmentProfile(rate: 1e6))
        for _ in 0..<3 { channel.writeAndFlush(bytes(12_500), promise: nil) }
        var released: [Int] = []
        for step in 1...35 {
            loop.advanceTime(by: .milliseconds(10))
            while try channel.readOutbound(as: ByteBuffer.self) != nil { released.append(step * 10) }
        }
        #expect(released == [100, 200, 300])
        _ = try channel.finish()
    }

    @Test func jitterNeverReorders() throws {
        let (channel, loop) = try shaped(ImpairmentProfile(delay: .milliseconds(5), jitter: .milliseconds(5)))
        for index in 0..<200 {
            channel.writeAndFlush(ByteBuffer(integer: UInt32(index)), promise: nil)
            loop.advanceTime(by: .microseconds(100))
        }
        loop.advanceTime(by: .milliseconds(20))
        var order: [UInt32] = []
        while var buffer = try channel.readOutbound(as: ByteBuffer.self) { order.append(buffer.readInteger()!) }
        #expect(order == Array(0..<200))
        _ = try channel.finish()
    }
}

@Suite struct StaleRuleTests {
    @Test func floorBeforeAnySample() {
        #expect(StaleRule().timeout(rtt: nil) == .milliseconds(300))
    }

    @Test func derivedFromRTTAboveTheFloor() {
        // 3 × 100 ms + 4 × 20 ms = 380 ms
        #expect(StaleRule().timeout(rtt: (smoothed: 100_000, variance: 20_000)) == .milliseconds(380))
        // A fast path keeps the floor.
        #expect(StaleRule().timeout(rtt: (smoothed: 50, variance: 10)) == .milliseconds(300))
    }

    @Test func fixedTimeoutWins() {
        let rule = StaleRule(fixed: .milliseconds(150))
        #expect(rule.timeout(rtt: (smoothed: 100_000, variance: 20_000)) == .milliseconds(150))
        #expect(rule.timeout(rtt: nil) == .milliseconds(150))
    }
}
