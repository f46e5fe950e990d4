/// A fixed-capacity buffer keeping the most recent values, oldest first when read.
public struct RingBuffer<Element: Sendable>: Sendable {
    public let capacity: Int
    private var storage: [Element]
    private var start = 0

    public init(capacity: Int) {
        precondition(capacity > 0, "a ring needs room for at least one value")
        self.capacity = capacity
        storage = []
        storage.reserveCapacity(capacity)
    }

    public var count: Int { storage.count }

    public mutating func append(_ value: Element) {
        if storage.count < capacity {
            storage.append(value)
        } else {
            storage[start] = value
            start = (start + 1) % capacity
        }
    }

    /// The `index`-th oldest value.
    public subscript(index: Int) -> Element { storage[(start + index) % storage.count] }

    public var last: Element? { storage.isEmpty ? nil : self[storage.count - 1] }

    public var values: [Element] { (0..<count).map { self[$0] } }
}

extension RingBuffer: Equatable where Element: Equatable {
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.capacity == rhs.capacity && lhs.values == rhs.values }
}
