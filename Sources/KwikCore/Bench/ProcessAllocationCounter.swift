#if canImport(Glibc)
import Glibc
#endif

/// Counts every heap allocation of the process, when ordo-one's malloc interposer is preloaded
/// (`LD_PRELOAD=…/libMallocInterposerSwift.so`, built by the `Benchmarks` package). Found at run
/// time, so kwiktop does not depend on it; without it there is no count (nil), not a guess.
struct ProcessAllocationCounter {
    private typealias Toggle = @convention(c) () -> Void
    private typealias Read =
        @convention(c) (
            UnsafeMutablePointer<Int64>, UnsafeMutablePointer<Int64>, UnsafeMutablePointer<Int64>,
            UnsafeMutablePointer<Int64>, UnsafeMutablePointer<Int64>, UnsafeMutablePointer<Int64>
        ) -> Void

    private let enable: Toggle
    private let reset: Toggle
    private let read: Read

    init?() {
        guard let enable = Self.symbol("malloc_interposer_enable", as: Toggle.self),
            let reset = Self.symbol("malloc_interposer_reset", as: Toggle.self),
            let read = Self.symbol("malloc_interposer_get_stats", as: Read.self)
        else { return nil }
        self.enable = enable
        self.reset = reset
        self.read = read
    }

    /// Zeroes the count and starts counting.
    func start() {
        reset()
        enable()
    }

    /// Allocations since `start()`.
    func count() -> Int64 {
        var mallocs: Int64 = 0
        var ignored = (Int64(0), Int64(0), Int64(0), Int64(0), Int64(0))
        read(&mallocs, &ignored.0, &ignored.1, &ignored.2, &ignored.3, &ignored.4)
        return mallocs
    }

    private static func symbol<T>(_ name: String, as type: T.Type) -> T? {
        guard let address = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return nil }
        return unsafeBitCast(address, to: type)
    }
}
