import KwikCore

/// What happened to a flood's connections, for its one-line summary.
struct FloodTally {
    enum Kind: String {
        case creator, silent
    }

    struct PerKind {
        var creators = 0
        var silent = 0

        subscript(kind: Kind) -> Int {
            get { kind == .creator ? creators : silent }
            set {
                if kind == .creator { creators = newValue } else { silent = newValue }
            }
        }

        var total: Int { creators + silent }
    }

    var opened = PerKind()
    var closedByServer = PerKind()
    var open = PerKind()
    var connectFailures = 0
    /// Creators the server answered with HELLO_ACK: sessions it holds for them.
    var sessions = 0
    var refusals: [Goodbye.Reason: Int] = [:]

    var summary: String {
        let reasons = refusals.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }
        let refused =
            "\(refusals.values.reduce(0, +)) creates refused"
            + (reasons.isEmpty ? "" : " (\(reasons.joined(separator: ", ")))")
        return "flood: opened \(opened.total) (\(opened.creators) creators, \(opened.silent) silent), "
            + "the server closed \(closedByServer.total) (\(closedByServer.creators) creators, "
            + "\(closedByServer.silent) silent); \(sessions) sessions granted, \(refused); "
            + "\(connectFailures) connects failed; \(open.total) open at the end"
    }
}
