import ArgumentParser

struct FloodCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flood",
        abstract: "Holds many connections open against one port of `kwiktop serve`: creators that send a create "
            + "HELLO and never read, and silent ones; re-opens what the server closes.",
        discussion: "Prints `flood: holding N connections` once the first connections are up, and a one-line "
            + "summary when the time is up.")

    @Argument(help: "The server's port on 127.0.0.1.") var port: Int
    @Option(help: "Connections that create a session and never read.") var creators = 200
    @Option(help: "Connections that send nothing.") var silent = 500
    @Option(help: "How long to hold them.") var seconds = 30.0
    @Option(help: "Most connections re-opened per second, over all.") var reopenRate = 200.0

    func validate() throws {
        guard creators >= 0, silent >= 0, creators + silent > 0 else {
            throw ValidationError("--creators and --silent must add up to at least one connection")
        }
        guard seconds > 0, reopenRate > 0 else { throw ValidationError("--seconds and --reopen-rate must be positive") }
    }

    func run() async throws {
        let tally = try await FloodPeer(
            port: port, creators: creators, silent: silent, seconds: seconds, reopenRate: reopenRate
        ).run()
        say(tally.summary)
        if tally.opened.total == 0 { throw PeerFailure(description: "no connection to port \(port) could be opened") }
    }
}

struct GreedyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "greedy",
        abstract: "Creates a session with the largest receive window and acknowledges everything on its path but "
            + "nothing cumulatively, so the server would keep all it sends.")

    @Argument(help: "The server's port on 127.0.0.1.") var port: Int
    @Option(help: "How long to keep reading.") var seconds = 10.0

    func validate() throws {
        guard seconds > 0 else { throw ValidationError("--seconds must be positive") }
    }

    func run() async throws {
        let tally = try await GreedyPeer(port: port, seconds: seconds).run()
        say(tally.summary(seconds: seconds))
        if !tally.granted { throw PeerFailure(description: "the server granted no session") }
    }
}

/// A peer that could not do what it is for; ArgumentParser prints the description.
struct PeerFailure: Error, CustomStringConvertible {
    let description: String
}
