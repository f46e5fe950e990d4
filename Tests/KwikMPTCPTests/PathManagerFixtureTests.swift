import KwikMPTCP
import KwikSnapshot
import Testing

/// Checked by hand against `ip mptcp endpoint show` / `ip mptcp limits show` at capture time.
@Suite struct PathManagerFixtureTests {
    @Test func familyReplyNamesTheEventsGroup() throws {
        let family = try GenericNetlinkFamily.decode(reply: Fixture.messages("getfamily_mptcp_pm.bin"))
        #expect(family.name == "mptcp_pm")
        #expect(family.id == Fixture.pathManagerFamily)
        #expect(family.version == 1)
        #expect(family.multicastGroups == ["mptcp_pm_cmds": 8, "mptcp_pm_events": 9])
        #expect(family.mptcpEventsGroup == 9)
    }

    @Test func endpointDumpListsTheThreeSubflowEndpoints() throws {
        let endpoints = try PathManagerEndpoint.decode(dump: Fixture.messages("get_addr_dump.bin"))
        #expect(endpoints.map(\.id) == [1, 2, 3])
        #expect(endpoints.map(\.address) == [.v4(127, 0, 0, 2), .v4(127, 0, 0, 3), .v4(127, 0, 0, 4)])
        #expect(endpoints.allSatisfy { $0.flags == .subflow && $0.port == 0 && $0.interfaceIndex == 0 })
    }

    @Test func limitsReply() throws {
        let limits = try PathManagerLimits.decode(reply: Fixture.messages("get_limits.bin"))
        #expect(limits == PathManagerLimits(addAddrAccepted: 4, subflows: 4))
    }

    @Test func eventsArriveInConnectionOrder() throws {
        let events = try Fixture.messages("pm_events.bin").map {
            try PathManagerEvent(message: $0, family: Fixture.pathManagerFamily)
        }
        let kinds = events.map(Self.kindName)
        let connection =
            ["created", "created", "established", "established"] + Array(repeating: "subEstablished", count: 6)
        #expect(kinds == ["other15"] + connection + connection + Array(repeating: "closed", count: 4) + ["other16"])
    }

    @Test func eventAttributesMatchTheDiagTokens() throws {
        let events = try Fixture.messages("pm_events.bin").map {
            try PathManagerEvent(message: $0, family: Fixture.pathManagerFamily)
        }
        guard case .created(let client) = events[1], case .created(let server) = events[2] else {
            Issue.record("expected two created events, got \(events.prefix(3))")
            return
        }
        #expect(client.token == 0xc71b_aa00)
        #expect(client.sourceAddress == .v4(127, 0, 0, 1))
        #expect(client.sourcePort == 58444)
        #expect(client.destinationPort == 5201)
        #expect(client.serverSide == nil)
        #expect(server.token == 0xe11b_3b7b)
        #expect(server.serverSide == true)
        #expect(server.sourceAddress?.unmappedIPv4 == .v4(127, 0, 0, 1))

        let joins = events.compactMap { event -> PathManagerEventAttributes? in
            guard case .subflowEstablished(let attributes) = event, attributes.token == 0xc71b_aa00 else { return nil }
            return attributes
        }
        #expect(joins.map(\.localID) == [1, 2, 3])
        #expect(joins.map(\.sourceAddress) == [.v4(127, 0, 0, 2), .v4(127, 0, 0, 3), .v4(127, 0, 0, 4)])
        #expect(joins.allSatisfy { $0.backup == false && $0.remoteID == 0 })
    }

    static func kindName(_ event: PathManagerEvent) -> String {
        switch event {
        case .created: return "created"
        case .established: return "established"
        case .closed: return "closed"
        case .announced: return "announced"
        case .removed: return "removed"
        case .subflowEstablished: return "subEstablished"
        case .subflowClosed: return "subClosed"
        case .subflowPriority: return "subPriority"
        case .other(let kind, _): return "other\(kind)"
        }
    }
}

@Suite struct PathManagerEventReportTests {
    static func events() throws -> [PathManagerEvent] {
        try Fixture.messages("pm_events.bin").map {
            try PathManagerEvent(message: $0, family: Fixture.pathManagerFamily)
        }
    }

    @Test func kindsAreNamedAsIPMPTCPMonitorNamesThem() throws {
        let kinds = try Self.events().map(\.kindName)
        #expect(kinds.first == "listener_created" && kinds.last == "listener_closed")
        #expect(kinds.filter { $0 == "sf_established" }.count == 12)
        #expect(
            Set(kinds) == ["listener_created", "created", "established", "sf_established", "closed", "listener_closed"])
    }

    @Test func aJoinCarriesItsEndsIdsAndInterface() throws {
        let loopback = InterfaceNames(byAddress: [.v4(127, 0, 0, 1): "lo"])
        let joins = try Self.events().filter { $0.kindName == "sf_established" }.map {
            $0.report(time: 1.5, interfaces: loopback)
        }.filter { $0.token == "c71baa00" }
        #expect(joins.map(\.local?.isEmpty) == [false, false, false])
        #expect(
            joins.map { $0.local?.hasPrefix("127.0.0.") == true && $0.remote == "127.0.0.1:5201" } == [
                true, true, true,
            ])
        #expect(joins.map(\.localId) == [1, 2, 3])
        #expect(joins.allSatisfy { $0.remoteId == 0 && $0.backup == false && $0.interface == "lo" && $0.time == 1.5 })
        #expect(joins.allSatisfy { $0.error == nil })
    }

    @Test func aClosedConnectionIsNamedByItsTokenAlone() throws {
        let closed = try Self.events().filter { $0.kindName == "closed" }.map { $0.report(time: 2) }
        #expect(closed.count == 4)
        #expect(
            closed.allSatisfy { $0.token?.count == 8 && $0.local == nil && $0.remote == nil && $0.interface == nil })
    }

    @Test func theFilterMatchesAnEventByItsEnds() throws {
        let events = try Self.events()
        let port = try MPTCPFilter("5201"), address = try MPTCPFilter("127.0.0.3"), other = try MPTCPFilter("5202")
        let joins = events.filter { $0.kindName == "sf_established" }.map(\.attributes)
        #expect(joins.allSatisfy(port.matches))
        #expect(joins.filter(address.matches).count == 4, "the 127.0.0.3 join, seen from both ends of two connections")
        #expect(!joins.contains(where: other.matches))
        let closed = events.filter { $0.kindName == "closed" }.map(\.attributes)
        #expect(!closed.contains(where: port.matches), "no ends: the watch matches it by token")
    }
}

@Suite struct PathManagerEndpointReportTests {
    @Test func endpointsAreListedAsIPMPTCPEndpointShowListsThem() throws {
        let endpoints = try PathManagerEndpoint.decode(dump: Fixture.messages("get_addr_dump.bin")).map { $0.report() }
        #expect(endpoints.map(\.address) == ["127.0.0.2", "127.0.0.3", "127.0.0.4"])
        #expect(endpoints.allSatisfy { $0.flags == ["subflow"] && !$0.isBackup && $0.interface == nil })
        let backup = PathManagerEndpoint(id: 7, address: .v4(10, 0, 0, 2), port: 8443, flags: [.signal, .backup])
        #expect(backup.report() == MPTCPReport.Endpoint(id: 7, address: "10.0.0.2:8443", flags: ["signal", "backup"]))
    }

}
