import KwikCore
import KwikSnapshot

/// `serve --headless --json`: one NDJSON line per running session per interval, with path rates over
/// the last second, and one line with `"final": true` for each session once it has ended.
struct ServerNDJSON {
    let server: SessionServer
    let interval: Duration

    /// Prints until cancelled or until nobody reads the output; returns the printer, for the final
    /// lines of the sessions the shutdown ends.
    func run() async -> Printer {
        var printer = Printer()
        while !Task.isCancelled {
            try? await Task.sleep(nanoseconds: UInt64(interval.nanoseconds))
            guard !Task.isCancelled, printer.print(server.snapshot()) else { break }
        }
        return printer
    }

    /// The sessions' histories and which ended ones have had their final line.
    struct Printer {
        private var histories: [String: ThroughputHistory] = [:]
        private var finished: Set<String> = []

        /// False once standard output is closed.
        mutating func print(_ snapshot: ServerSnapshot) -> Bool {
            for session in snapshot.sessions {
                var history = histories[session.sessionID] ?? ThroughputHistory(capacity: 64)
                history.record(session)
                histories[session.sessionID] = history
                guard HeadlessRun.print(session, rates: history.rates(over: HeadlessRun.rateWindow)) else {
                    return false
                }
            }
            for session in snapshot.ended.reversed() where !finished.contains(session.sessionID) {
                var history = histories.removeValue(forKey: session.sessionID) ?? ThroughputHistory(capacity: 64)
                history.record(session)
                finished.insert(session.sessionID)
                let recent = history.rates(over: HeadlessRun.rateWindow)
                guard HeadlessRun.print(session, rates: history.sessionRates, recent: recent, final: true) else {
                    return false
                }
            }
            // An id leaves the ended list after a while; it can never come back.
            let ended = Set(snapshot.ended.map(\.sessionID))
            finished = finished.intersection(ended)
            return true
        }
    }
}
