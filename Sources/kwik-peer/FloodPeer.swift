import KwikCore
import NIOCore
import NIOPosix

/// Connections that hold a server's resources without using them: creators send a well-formed create
/// HELLO for an unbounded download and then never read, so what the server writes backs up in its
/// buffers; silent ones send nothing. Whatever the server closes is opened again, no faster than
/// `reopenRate` a second, until the time is up. A creator whose session the server ends is seen
/// closed only if the server resets it: a graceful close waits behind the data the creator never
/// reads.
struct FloodPeer {
    let port: Int
    let creators: Int
    let silent: Int
    let seconds: Double
    let reopenRate: Double

    func run() async throws -> FloodTally {
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let target = try SocketAddress(ipAddress: "127.0.0.1", port: port)
        let reopenInterval = TimeAmount.nanoseconds(Int64(1e9 / reopenRate))
        return try await loop.flatSubmit {
            let flood = Flood(loop: loop, target: target, reopenInterval: reopenInterval)
            flood.start(creators: creators, silent: silent)
            return loop.assumeIsolated().scheduleTask(in: .nanoseconds(Int64(seconds * 1e9))) { flood.finish() }
                .futureResult
        }.get()
    }
}

/// The flood's state, confined to its one event loop.
final class Flood {
    typealias Kind = FloodTally.Kind

    private let loop: any EventLoop
    private let target: SocketAddress
    private let reopenInterval: TimeAmount
    private var tally = FloodTally()
    private var reopens: [Kind] = []
    private var reopenScheduled = false
    private var firstConnectsPending = 0
    private var finished = false

    init(loop: any EventLoop, target: SocketAddress, reopenInterval: TimeAmount) {
        self.loop = loop
        self.target = target
        self.reopenInterval = reopenInterval
    }

    func start(creators: Int, silent: Int) {
        firstConnectsPending = creators + silent
        for _ in 0..<creators { open(.creator) }
        for _ in 0..<silent { open(.silent) }
    }

    /// Stops re-opening and returns the tally; the connections stay open until the process ends.
    func finish() -> FloodTally {
        finished = true
        return tally
    }

    func granted() { tally.sessions += 1 }

    func refused(_ reason: Goodbye.Reason) { tally.refusals[reason, default: 0] += 1 }

    private func open(_ kind: Kind) {
        let flood = NIOLoopBound(self, eventLoop: loop)
        let bootstrap = ClientBootstrap(group: loop)
            .channelOption(.autoRead, value: kind == .silent)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if kind == .creator { try channel.pipeline.syncOperations.addHandler(CreatorHandler(flood: flood)) }
                }
            }
        bootstrap.connect(to: target).assumeIsolated().whenComplete { result in
            self.connected(kind, result)
        }
    }

    private func connected(_ kind: Kind, _ result: Result<any Channel, any Error>) {
        if firstConnectsPending > 0 {
            firstConnectsPending -= 1
            if firstConnectsPending == 0 { say("flood: holding \(tally.open.total) connections") }
        }
        switch result {
        case .success(let channel):
            tally.opened[kind] += 1
            tally.open[kind] += 1
            channel.closeFuture.assumeIsolated().whenComplete { _ in
                self.tally.open[kind] -= 1
                guard !self.finished else { return }
                self.tally.closedByServer[kind] += 1
                self.reopen(kind)
            }
        case .failure:
            tally.connectFailures += 1
            reopen(kind)
        }
    }

    /// Queues a connection to open again; one goes every `reopenInterval`.
    private func reopen(_ kind: Kind) {
        guard !finished else { return }
        reopens.append(kind)
        guard !reopenScheduled else { return }
        reopenScheduled = true
        loop.assumeIsolated().scheduleTask(in: reopenInterval) { self.reopenNext() }
    }

    private func reopenNext() {
        reopenScheduled = false
        guard !finished, !reopens.isEmpty else { return }
        open(reopens.removeFirst())
        guard !reopens.isEmpty else { return }
        reopenScheduled = true
        loop.assumeIsolated().scheduleTask(in: reopenInterval) { self.reopenNext() }
    }
}
