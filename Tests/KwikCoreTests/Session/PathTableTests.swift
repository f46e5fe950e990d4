@testable import KwikCore
import Testing

@Suite struct PathTableTests {
    @Test func aPathIsAdmittedOnlyWhileTheTableHasRoom() {
        let table = PathTable(configuration: EngineConfiguration())
        #expect(table.admit(1, standby: false, limit: 2) != nil)
        #expect(table.admit(2, standby: true, limit: 2)?.standby == true)
        #expect(table.admit(3, standby: false, limit: 2) == nil, "full")
        #expect(table.admit(2, standby: false, limit: 2) != nil, "a known path is found, not added")
        #expect(table.all.map(\.id) == [1, 2] && table.count == 2)
    }

    @Test func aRecordOutlivesItsConnections() {
        let table = PathTable(configuration: EngineConfiguration())
        let record = table.record(4, endpoint: "127.0.0.1:4433", standby: false)
        #expect(table.record(4) === record)
        #expect(table.existing(5) == nil)
        #expect(table.connectedCount == 0)
        record.isBlackholed = true
        #expect(table.existing(4)?.isBlackholed == true)
    }
}
