import ArgumentParser

@main
struct Kwiktop: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "top for multipath transport sessions")
}
