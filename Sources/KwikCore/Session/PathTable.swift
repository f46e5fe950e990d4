import NIOConcurrencyHelpers

/// The session's paths by id, each a `PathRecord` that outlives the path's connections.
final class PathTable: Sendable {
    private let records = NIOLockedValueBox<[Int: PathRecord]>([:])
    private let configuration: EngineConfiguration

    init(configuration: EngineConfiguration) {
        self.configuration = configuration
    }

    /// The record of `pathID`, made now if the path is new.
    func record(_ pathID: Int, endpoint: String = "?", standby: Bool = false) -> PathRecord {
        records.withLockedValue { records in
            if let record = records[pathID] { return record }
            let record = PathRecord(id: pathID, endpoint: endpoint, standby: standby, configuration: configuration)
            records[pathID] = record
            return record
        }
    }

    /// Adds `pathID` unless the table already holds `limit` paths; a path already there is found.
    func admit(_ pathID: Int, standby: Bool, limit: Int) -> PathRecord? {
        records.withLockedValue { records in
            if let record = records[pathID] { return record }
            guard records.count < limit else { return nil }
            let record = PathRecord(id: pathID, endpoint: "?", standby: standby, configuration: configuration)
            records[pathID] = record
            return record
        }
    }

    func existing(_ pathID: Int) -> PathRecord? {
        records.withLockedValue { $0[pathID] }
    }

    /// Every path, by id.
    var all: [PathRecord] {
        records.withLockedValue { $0.values.sorted { $0.id < $1.id } }
    }

    var count: Int { records.withLockedValue { $0.count } }

    var connectedCount: Int { all.filter { $0.control != nil }.count }
}
