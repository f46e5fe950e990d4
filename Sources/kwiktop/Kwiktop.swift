import ArgumentParser

@main
struct Kwiktop: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "top for multipath transport: a live multipath session engine and its dashboard.",
        subcommands: [
            DemoCommand.self, ServeCommand.self, ConnectCommand.self, BenchCommand.self, MPTCPCommand.self,
            ThemesCommand.self,
        ],
        defaultSubcommand: DemoCommand.self)
}
