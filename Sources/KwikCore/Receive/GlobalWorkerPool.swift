import NIOCore
import NIOPosix

/// The shared worker pool of the `global-pool` reader mode: several threads taking packets from one
/// queue, as the seed's old design did. Kept only to show, measured, what it costs.
enum GlobalWorkerPool {
    static let shared: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: max(4, System.coreCount))
        pool.start()
        return pool
    }()
}
