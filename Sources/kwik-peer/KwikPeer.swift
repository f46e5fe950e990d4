import ArgumentParser
import Foundation

/// Test peers for the end-to-end checks and the fuzz corpus: every frame they send comes from the
/// engine's own encoder, so the wire format has one source of truth.
@main
struct KwikPeer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kwik-peer",
        abstract: "Hostile peers, a garbage-injecting proxy and the fuzz seed corpus, for kwiktop's checks.",
        subcommands: [
            HostileCommand.self, FloodCommand.self, GreedyCommand.self, GarbageProxyCommand.self, CorpusCommand.self,
        ])
}

struct HostileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hostile", abstract: "Plays a bad peer against one port of `kwiktop serve`.",
        discussion: HostilePeer.Mode.allCases.map { "\($0.rawValue): \($0.summary)" }.joined(separator: "\n"))

    @Argument(help: "What the peer does wrong.") var mode: HostilePeer.Mode
    @Argument(help: "The server's port on 127.0.0.1.") var port: Int

    func run() async throws {
        try await HostilePeer(mode: mode, port: port).play()
        say("\(mode.rawValue): ok")
    }
}

extension HostilePeer.Mode: ExpressibleByArgument {}

struct GarbageProxyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "garbage-proxy",
        abstract: "A proxy in front of one server port that, on its first connection only, slips a garbage frame "
            + "into what the server sends, after a number of whole frames, then keeps forwarding.")

    @Argument(help: "The port to listen on (127.0.0.1).") var listenPort: Int
    @Argument(help: "The server port to forward to (127.0.0.1).") var targetPort: Int
    @Argument(help: "Frames from the server to pass on before the garbage.") var after: Int

    func run() async throws {
        try await GarbageProxy(listenPort: listenPort, targetPort: targetPort, injectAfter: after).run()
    }
}

struct CorpusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "corpus",
        abstract: "Writes the fuzz target's seed corpus into a directory, replacing what is there.")

    @Argument(help: "The corpus directory (Fuzz/Corpus).") var directory: String

    func run() throws {
        let seeds = SeedCorpus.all
        let url = URL(fileURLWithPath: directory)
        try? FileManager.default.removeItem(at: url)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, bytes) in seeds {
            try Data(bytes).write(to: url.appendingPathComponent(name))
        }
        say("\(seeds.count) seeds in \(directory)")
    }
}

/// One line on standard output, written at once: the checks wait for these lines in a log file.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
