public struct TestTimeout: Error, CustomStringConvertible {
    public let what: String

    public init(what: String) { self.what = what }

    public var description: String { "timed out waiting for \(what)" }
}

/// Runs `body`, throwing `TestTimeout` if it has not finished after `timeout` (the body is cancelled).
public func withTimeout<T: Sendable>(
    _ what: String, _ timeout: Duration = .seconds(5), _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { tasks in
        tasks.addTask { try await body() }
        tasks.addTask {
            try await Task.sleep(for: timeout)
            throw TestTimeout(what: what)
        }
        defer { tasks.cancelAll() }
        return try await tasks.next()!
    }
}
