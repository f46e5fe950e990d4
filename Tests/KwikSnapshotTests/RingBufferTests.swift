import KwikSnapshot
import Testing

struct RingBufferTests {
    @Test func keepsTheNewestValues() {
        var ring = RingBuffer<Int>(capacity: 3)
        #expect(ring.last == nil)
        for value in 1...5 { ring.append(value) }
        #expect(ring.values == [3, 4, 5])
        #expect(ring[0] == 3)
        #expect(ring.last == 5)
    }
}
