import KwikSnapshot

extension SchedulerKind {
    /// The scheduler's code in HELLO, STATS and SCHEDULER; any other value is malformed.
    init?(wireCode: UInt8) {
        switch wireCode {
        case 0: self = .minrtt
        case 1: self = .roundrobin
        case 2: self = .weighted
        case 3: self = .redundant
        case 4: self = .ecf
        default: return nil
        }
    }

    var wireCode: UInt8 {
        switch self {
        case .minrtt: 0
        case .roundrobin: 1
        case .weighted: 2
        case .redundant: 3
        case .ecf: 4
        }
    }
}
