import KwikSnapshot
import Testing

@testable import kwiktop

struct ValueParsingTests {
    @Test(
        arguments: [
            ("4096", 4096), ("256MiB", 256 << 20), ("1GiB", 1 << 30), ("1.5KiB", 1536), ("10MB", 10_000_000),
            ("2K", 2048), ("3B", 3), ("0", 0),
        ] as [(String, UInt64)])
    func byteCounts(text: String, bytes: UInt64) {
        #expect(ByteCount(argument: text)?.bytes == bytes)
    }

    @Test(arguments: ["", "MiB", "-1MiB", "ten", "1XB", "1.5"])
    func badByteCounts(text: String) {
        #expect(ByteCount(argument: text) == nil)
    }

    @Test(
        arguments: [
            ("1s", 1_000_000_000), ("2500ms", 2_500_000_000), ("1.5s", 1_500_000_000), ("2m", 120_000_000_000),
            ("300us", 300_000), ("300µs", 300_000), ("7ns", 7), ("1h", 3_600_000_000_000),
        ] as [(String, Int64)])
    func durations(text: String, nanoseconds: Int64) {
        #expect(kwiktop.Duration(argument: text)?.nanoseconds == nanoseconds)
    }

    @Test(arguments: ["", "5", "s", "-1s", "1 day", "1.5.2s"])
    func badDurations(text: String) {
        #expect(kwiktop.Duration(argument: text) == nil)
    }

    @Test func scriptedActions() throws {
        let action = try #require(ScriptedAction(argument: "1.5s:blackhole:3"))
        #expect(action.at.nanoseconds == 1_500_000_000)
        #expect(action.action == .blackhole)
        #expect(action.path == 3)
        for action in PathAction.allCases {
            #expect(ScriptedAction(argument: "10ms:\(action.rawValue):1")?.action == action)
        }
    }

    @Test(arguments: ["1s:disable", "1s:explode:2", "1s:kill:0", "1s:kill:-2", "soon:kill:1", "1s:kill:2:3", ""])
    func badScriptedActions(text: String) {
        #expect(ScriptedAction(argument: text) == nil)
    }
}
