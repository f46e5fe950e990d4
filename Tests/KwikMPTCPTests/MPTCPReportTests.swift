import Glibc
import KwikMPTCP
import KwikSnapshot
import Testing

@Suite struct MPTCPReportTests {
    func snapshot() throws -> MPTCPSnapshot { try Fixture.snapshot() }

    @Test func aReportListsConnectionsWithTheirSubflows() throws {
        var reporter = MPTCPReporter()
        let interfaces = InterfaceNames(byAddress: [.v4(127, 0, 0, 1): "lo"])
        let report = reporter.report(try snapshot(), time: 0, interfaces: interfaces)
        #expect(report.connections.count == 4, "the listener is not a connection")
        let client = try #require(report.connections.first { $0.token == "e8f8e520" })
        #expect(client.local == "127.0.0.1:58446" && client.remote == "127.0.0.1:5201")
        #expect(client.state == "ESTAB" && !client.fallback)
        #expect(client.subflows.allSatisfy { $0.interface == "lo" }, "127.0.0.2-4 are the loopback's too")
        #expect(client.subflowCount == 4)
        #expect(client.subflows.map(\.localId).compactMap { $0 }.sorted() == [0, 1, 2, 3])
        #expect(client.subflows.filter(\.join).count == 3)
        #expect(client.subflows.allSatisfy { $0.fullyEstablished || $0.join })
        let initial = try #require(client.subflows.first { $0.localId == 0 })
        #expect((initial.txBytes ?? 0) > 1_000_000)
        #expect((initial.srttUs ?? 0) > 0 && (initial.cwnd ?? 0) >= 10 && (initial.pacingRateBps ?? 0) > 0)
        #expect(client.rxBps == nil && initial.txBps == nil, "no rate from a single look")
        let server = try #require(report.connections.first { $0.token == "f471688f" })
        #expect(server.local == "127.0.0.1:5201", "a dual-stack listener's mapped address is shown as IPv4")
    }

    /// Rates come from the change between two looks; an unchanged counter is a rate of zero.
    @Test func ratesAreTheChangeOverTheInterval() throws {
        var reporter = MPTCPReporter()
        let snapshot = try snapshot()
        _ = reporter.report(snapshot, time: 10)
        let again = reporter.report(snapshot, time: 12, final: true)
        #expect(again.final)
        let client = try #require(again.connections.first { $0.token == "e8f8e520" })
        #expect(client.subflows.allSatisfy { $0.rxBps == 0 && $0.txBps == 0 })
        #expect(client.txBps == 0)
    }

    @Test func theFilterTakesAPortOrAnAddress() throws {
        let snapshot = try snapshot()
        var reporter = MPTCPReporter()
        let byPort = reporter.report(snapshot, time: 0, filter: try MPTCPFilter("58446"))
        #expect(byPort.connections.compactMap(\.token).sorted() == ["e8f8e520", "f471688f"], "both ends of it")
        let byJoinAddress = reporter.report(snapshot, time: 1, filter: try MPTCPFilter("127.0.0.3"))
        #expect(byJoinAddress.connections.count == 4, "every connection has a subflow from 127.0.0.3")
        let none = reporter.report(snapshot, time: 2, filter: try MPTCPFilter("::1"))
        #expect(none.connections.isEmpty)
        let mapped = try MPTCPFilter("[::ffff:127.0.0.1]")
        #expect(reporter.report(snapshot, time: 3, filter: mapped).connections.count == 4, "a mapped address is IPv4")
        for bad in ["", "0", "65536", "localhost", "1.2.3", "12ab"] {
            #expect(throws: MPTCPFilter.Invalid.self) { try MPTCPFilter(bad) }
        }
    }

    @Test func socketLinksGiveInodes() {
        #expect(SocketOwners.socketInode(link: "socket:[12345]") == 12345)
        #expect(SocketOwners.socketInode(link: "pipe:[12345]") == nil)
        #expect(SocketOwners.socketInode(link: "socket:[]") == nil)
        #expect(SocketOwners.socketInode(link: "socket:[99999999999]") == nil)
    }

    /// A socket this process opens is found under its own pid.
    @Test func theScanFindsThisProcesssSocket() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #expect(descriptor >= 0)
        defer { close(descriptor) }
        var status = stat()
        #expect(fstat(descriptor, &status) == 0)
        let owner = SocketOwners.scan()[UInt32(truncatingIfNeeded: status.st_ino)]
        #expect(owner?.pid == getpid())
        #expect(owner?.command.isEmpty == false)
    }

    @Test func theLoopbackHoldsItsAddress() {
        #expect(InterfaceNames.scan().byAddress[.v4(127, 0, 0, 1)] != nil)
    }

    @Test func aDisabledMPTCPIsSaidPlainly() throws {
        let path = "/tmp/kwik-mptcp-enabled-\(getpid())"
        defer { unlink(path) }
        for (text, expected) in [("0\n", false), ("1\n", true), ("", nil)] as [(String, Bool?)] {
            let file = try #require(fopen(path, "w"))
            fputs(text, file)
            fclose(file)
            #expect(MPTCPEnabled.read(path: path) == expected)
        }
        #expect(MPTCPEnabled.read(path: "/nonexistent/enabled") == nil)
        #expect(MPTCPEnabled.notice(false)?.contains("net.mptcp.enabled is 0") == true)
        #expect(MPTCPEnabled.notice(true) == nil)
    }
}
