import KwikMPTCP
import KwikSnapshot
import Testing

@testable import kwiktop

struct MPTCPCommandTests {
    @Test func optionsAreParsed() throws {
        let command = try MPTCPCommand.parse([
            "--headless", "--interval", "250ms", "--duration", "5s", "--filter", "5201",
        ])
        #expect(command.headless)
        #expect(command.interval.nanoseconds == 250_000_000)
        #expect(command.duration?.nanoseconds == 5_000_000_000)
        #expect(command.filter == "5201")
        #expect(try MPTCPCommand.parse(["--headless"]).interval.nanoseconds == 1_000_000_000)
    }

    /// Each bad input names what is wrong with it.
    @Test(arguments: [
        (["--headless", "--filter", "example.net"], "'example.net' is neither a port"),
        (["--headless", "--interval", "0s"], "--interval must be longer than 0"),
        (["--refresh", "3"], "--refresh must be 1, 2, 4, 8 or 16"),
    ])
    func badInputIsRefusedWithItsReason(arguments: [String], reason: String) {
        #expect {
            try MPTCPCommand.parse(arguments)
        } throws: { error in
            MPTCPCommand.message(for: error).contains(reason)
        }
    }

    @Test func aReportIsOneLineOfSnakeCaseJSON() throws {
        var reporter = MPTCPReporter()
        var report = reporter.report(MPTCPSnapshot(connections: [], tcpSockets: []), time: 1.5, final: true)
        report.events = [MPTCPReport.Event(time: 1.25, kind: "sf_closed", token: "0badf00d")]
        #expect(
            try MPTCPCommand.line(report)
                == #"{"connections":[],"events":[{"kind":"sf_closed","time":1.25,"token":"0badf00d"}],"events_lost":0,"final":true,"time":1.5}"#
        )
    }
}
