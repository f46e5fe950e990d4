/// What a key of `kwiktop mptcp` asks for: to quit, or (once confirmed) a change to one of the path
/// manager's endpoints, named by id.
public enum MPTCPViewCommand: Equatable, Sendable {
    case quit
    case setBackup(endpoint: UInt8, Bool)
    case remove(endpoint: UInt8)
    case add(endpoint: UInt8)

    /// The endpoint a change is about; nil for `quit`.
    public var endpointID: UInt8? {
        switch self {
        case .quit: return nil
        case .setBackup(let id, _), .remove(let id), .add(let id): return id
        }
    }
}
