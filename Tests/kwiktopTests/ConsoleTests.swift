import KwikTerminal
import Testing

@testable import kwiktop

struct ConsoleTests {
    /// A terminal that cannot show the dashboard is told apart from a failed run by its status.
    @Test func aDashboardThatCannotStartExitsWithTwo() {
        #expect(Console.dashboardFailure(TerminalError.cannotDraw(term: "dumb")).rawValue == 2)
        #expect(Console.dashboardFailure(TerminalError.notATerminal).rawValue == 2)
        #expect(Console.dashboardFailure(CancellationError()).rawValue == 1)
        #expect("\(TerminalError.cannotDraw(term: "dumb"))".contains("use --headless"))
    }
}
