import KwikCore
import KwikSnapshot
import Testing

/// Cases written on the command line, `RATE/DELAY+RATE/DELAY…`, and the default list.
struct AggregationCaseTests {
    @Test func parsesRatesAndOneWayDelays() throws {
        let testCase = try AggregationCase(parsing: "50mbit/15ms+5mbit/150ms+1gbit")
        #expect(testCase.name == "50mbit/15ms+5mbit/150ms+1gbit")
        #expect(
            testCase.paths == [
                AggregationPath(rateBps: 50e6, oneWayDelayMicros: 15_000),
                AggregationPath(rateBps: 5e6, oneWayDelayMicros: 150_000),
                AggregationPath(rateBps: 1e9, oneWayDelayMicros: 0),
            ])
    }

    @Test(arguments: [
        ("50mbit/15ms", "two or more"),
        ("50mbit/15ms+", "'' in '50mbit/15ms+' must be RATE/DELAY"),
        ("50mbit/15ms+5mbit/1ms/2ms", "'5mbit/1ms/2ms'"),
        ("50mbit/15ms+5mbps/150ms", "'5mbps' is not a rate"),
        ("50mbit/15ms+5mbit/150", "'5mbit/150': '150' is not a duration"),
        ("fast/15ms+5mbit/150ms", "'fast/15ms': 'fast' is not a rate"),
    ])
    func errorsNameTheBadPart(text: String, expected: String) {
        #expect {
            _ = try AggregationCase(parsing: text)
        } throws: { error in
            "\(error)".contains(expected)
        }
    }

    @Test func defaultsAreTheEightCasesOfTheBrief() {
        let names = AggregationCase.defaults.map(\.name)
        #expect(names.count == 8)
        #expect(names.first == "15mbit/1ms+5mbit/25ms")
        #expect(AggregationCase.defaults.last?.paths.count == 4)
        #expect(AggregationCase.defaults.last?.sumOfRatesBps == 750e6)
        #expect(AggregationCase.defaults[6].paths[1] == AggregationPath(rateBps: 5e6, oneWayDelayMicros: 150_000))
    }
}
