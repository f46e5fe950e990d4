import ArgumentParser
import KwikCore
import KwikSnapshot
import Logging

/// Engine tunables shared by every command.
struct EngineOptions: ParsableArguments {
    @Option(help: "Payload bytes per DATA packet.")
    var packetSize: Int = 16 * 1024

    @Option(help: "Largest frame accepted from the peer (bytes, e.g. 1MiB).")
    var maxFrame: ByteCount = ByteCount(argument: "1MiB")!

    @Option(help: "Initial receive window, in packets (default 256); it grows while it limits delivery.")
    var window: Int?

    @Option(help: "Receive memory budget per session: the window grows to at most this (e.g. 64MiB).")
    var maxWindowBytes: ByteCount = ByteCount(argument: "64MiB")!

    @Option(help: "Most unacknowledged bytes a session keeps for re-sending; caps the peer's window (e.g. 32MiB).")
    var maxSendBuffer: ByteCount = ByteCount(argument: "32MiB")!

    @Option(
        help: ArgumentHelp(
            "Most packets in flight per path (default 64); each path's sending model keeps it near "
                + "the path's bandwidth-delay product below that."))
    var inflight: Int?

    @Option(help: "Heartbeat interval per path.")
    var pingInterval: Duration = Duration(argument: "100ms")!

    @Option(help: "Fixed stale timeout (default: max(300ms, 3×srtt + 4×rttvar)).")
    var staleTimeout: Duration?

    @Option(help: "Close a path whose peer sends or reads nothing this long; end a session without progress.")
    var progressTimeout: Duration = Duration(argument: "10s")!

    @Option(
        help: ArgumentHelp(
            "How long sent data may go unacknowledged before the kernel fails the path (default 10s; 0: the "
                + "kernel's default, about 15 minutes)."))
    var userTimeout: Duration?

    @Option(
        name: .customLong("reader"),
        help: "Reader mode: per-path (default), global-pool, naive; `bench` runs each one given (default all).")
    var readers: [ReaderMode] = []

    @Option(
        name: .customLong("profile"),
        help: "Egress impairment of a path: ID:delay=20ms,jitter=2ms,rate=200mbit (repeatable).")
    var profiles: [String] = []

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level?

    func validate() throws {
        guard packetSize >= 1, packetSize <= Int(maxFrame.bytes) - Frame.dataHeaderSize else {
            throw ValidationError("--packet-size must be between 1 and --max-frame minus \(Frame.dataHeaderSize)")
        }
        if let window, !(1...(1 << 20)).contains(window) {
            throw ValidationError("--window must be between 1 and 1048576 packets")
        }
        if let inflight, inflight < 1 { throw ValidationError("--inflight must be at least 1") }
        guard maxWindowBytes.bytes >= UInt64(packetSize), maxWindowBytes.bytes <= 1 << 40 else {
            throw ValidationError("--max-window-bytes must be between --packet-size and 1TiB")
        }
        guard maxSendBuffer.bytes >= UInt64(packetSize), maxSendBuffer.bytes <= 1 << 40 else {
            throw ValidationError("--max-send-buffer must be between --packet-size and 1TiB")
        }
        guard pingInterval.nanoseconds >= 1_000_000 else {
            throw ValidationError("--ping-interval must be at least 1ms")
        }
        guard progressTimeout.nanoseconds >= 1_000_000_000 else {
            throw ValidationError("--progress-timeout must be at least 1s")
        }
        if let userTimeout, userTimeout.nanoseconds != 0, !Self.userTimeouts.contains(userTimeout.nanoseconds) {
            throw ValidationError("--user-timeout must be 0 or between 1ms and \(Int32.max / 1000)s")
        }
        _ = try parsedProfiles()
    }

    /// TCP_USER_TIMEOUT takes milliseconds as a C int.
    private static let userTimeouts: ClosedRange<Int64> = 1_000_000...(Int64(Int32.max) * 1_000_000)

    func parsedProfiles() throws -> [Int: ImpairmentProfile] {
        var result: [Int: ImpairmentProfile] = [:]
        for text in profiles {
            do {
                let (path, profile) = try ImpairmentProfile.parse(assignment: text)
                result[path] = profile
            } catch {
                throw ValidationError("--profile \(text): \(error)")
            }
        }
        return result
    }

    /// - Parameter defaults: what unset options fall back to (the demo's paths need a larger window).
    func configuration(
        scheduler: SchedulerKind = .ecf, defaults: EngineConfiguration = EngineConfiguration()
    ) -> EngineConfiguration {
        var configuration = defaults
        configuration.packetSize = packetSize
        configuration.maximumFrameLength = Int(maxFrame.bytes)
        configuration.receiveWindow = window ?? defaults.receiveWindow
        configuration.inFlightLimit = inflight.map(UInt64.init) ?? defaults.inFlightLimit
        configuration.maximumSendBuffer = Int(maxSendBuffer.bytes)
        configuration.maximumWindowBytes = Int(maxWindowBytes.bytes)
        configuration.pingInterval = pingInterval.timeAmount
        configuration.staleTimeout = staleTimeout?.timeAmount
        configuration.progressTimeout = progressTimeout.timeAmount
        configuration.userTimeout = userTimeout?.timeAmount ?? defaults.userTimeout
        configuration.scheduler = scheduler
        configuration.readerMode = readers.last ?? .perPath
        configuration.profiles = (try? parsedProfiles()) ?? [:]
        return configuration
    }

    func logger(label: String, defaultLevel: Logger.Level) -> Logger {
        var logger = Logger(label: label)
        logger.logLevel = logLevel ?? defaultLevel
        return logger
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
