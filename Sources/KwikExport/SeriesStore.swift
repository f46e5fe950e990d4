import Prometheus

/// The registry's series, kept up to date one scrape at a time by mark and sweep: a scrape writes
/// every series its snapshots still have, then `sweep()` unregisters the ones it did not write. So
/// an ended session (gone from the snapshots), a removed path or a failover-free session leaves no
/// stale series behind, and Prometheus marks them stale at the next scrape.
struct SeriesStore {
    typealias Labels = [(String, String)]

    let registry: PrometheusCollectorRegistry
    private var counters: [Key: Mirror] = [:]
    private var gauges: [Key: Gauge] = [:]
    private var histograms: [Key: ValueHistogram] = [:]
    private var written: Set<Key> = []

    private struct Key: Hashable {
        let name: String
        let labels: [String]

        init(_ family: Family, _ labels: Labels) {
            name = family.name
            self.labels = labels.flatMap { [$0.0, $0.1] }
        }
    }

    /// A counter and the cumulative value it last mirrored.
    private struct Mirror {
        let counter: Counter
        var last: Double
    }

    init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    /// Sets a gauge.
    mutating func set(_ family: Family, _ labels: Labels, _ value: Double) {
        let key = Key(family, labels)
        written.insert(key)
        if gauges[key] == nil {
            gauges[key] = registry.makeGauge(descriptor: family.descriptor, labels: labels)
        }
        gauges[key]!.set(to: value)
    }

    /// Brings a counter to a cumulative value from a snapshot. swift-prometheus counters only go up,
    /// so it adds the difference to the last value; a value below the last one means the session's
    /// counters were reset (the dashboard's `r`), and everything since the reset is new.
    mutating func count(_ family: Family, _ labels: Labels, total: UInt64) {
        let key = Key(family, labels)
        let last = UInt64(mirror(key, family, labels).last)
        let delta = total >= last ? total - last : total
        counters[key]!.counter.increment(by: Int64(clamping: delta))
        counters[key]!.last = Double(total)
    }

    /// `count(_:_:total:)` for a cumulative value in seconds.
    mutating func count(_ family: Family, _ labels: Labels, total: Double) {
        let key = Key(family, labels)
        let last = mirror(key, family, labels).last
        let delta = total >= last ? total - last : total
        if delta > 0 { counters[key]!.counter.increment(by: delta) }
        counters[key]!.last = total
    }

    private mutating func mirror(_ key: Key, _ family: Family, _ labels: Labels) -> Mirror {
        written.insert(key)
        if let mirror = counters[key] { return mirror }
        let mirror = Mirror(counter: registry.makeCounter(descriptor: family.descriptor, labels: labels), last: 0)
        counters[key] = mirror
        return mirror
    }

    /// The histogram of a label set, created on first use; using it keeps it through the sweep.
    mutating func histogram(_ family: Family, _ labels: Labels, buckets: [Double]) -> ValueHistogram {
        let key = Key(family, labels)
        written.insert(key)
        if let histogram = histograms[key] { return histogram }
        let histogram = registry.makeValueHistogram(descriptor: family.descriptor, labels: labels, buckets: buckets)
        histograms[key] = histogram
        return histogram
    }

    /// Unregisters every series this scrape did not write.
    mutating func sweep() {
        for key in counters.keys where !written.contains(key) {
            registry.unregisterCounter(counters.removeValue(forKey: key)!.counter)
        }
        for key in gauges.keys where !written.contains(key) {
            registry.unregisterGauge(gauges.removeValue(forKey: key)!)
        }
        for key in histograms.keys where !written.contains(key) {
            registry.unregisterValueHistogram(histograms.removeValue(forKey: key)!)
        }
        written.removeAll(keepingCapacity: true)
    }
}
