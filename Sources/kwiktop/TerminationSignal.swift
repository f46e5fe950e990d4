import Dispatch

#if canImport(Glibc)
import Glibc
#endif

/// Waits for SIGINT or SIGTERM.
enum TerminationSignal {
    static func wait() async -> String {
        await withCheckedContinuation { continuation in
            let watch = Watch(continuation)
            watch.start()
        }
    }

    /// Its state is touched only on `queue`.
    private final class Watch: @unchecked Sendable {
        private let queue = DispatchQueue(label: "kwiktop.signals")
        private var sources: [any DispatchSourceSignal] = []
        private var continuation: CheckedContinuation<String, Never>?

        init(_ continuation: CheckedContinuation<String, Never>) {
            self.continuation = continuation
        }

        func start() {
            queue.sync {
                for (number, name) in [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")] {
                    signal(number, SIG_IGN)
                    let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
                    source.setEventHandler { [self] in fire(name) }
                    source.resume()
                    sources.append(source)
                }
            }
        }

        private func fire(_ name: String) {
            sources.forEach { $0.cancel() }
            sources.removeAll()
            continuation?.resume(returning: name)
            continuation = nil
        }
    }
}
