@testable import KwikCore
import NIOCore
import Testing

@Suite struct PayloadStockTests {
    let pattern = StreamPattern(seed: 42)

    func source(totalBytes: UInt64? = nil, rate: UInt64? = nil) -> PatternSource {
        PatternSource(pattern: pattern, packetSize: 100, totalBytes: totalBytes, rate: rate)
    }

    /// The pattern's bytes from `offset`, as the receiving end checks them.
    func expected(at offset: UInt64, count: Int) -> [UInt8] {
        (0..<UInt64(count)).map { pattern.byte(at: offset + $0) }
    }

    /// Reserves, writes and stocks one fill, as the sender's pump does.
    func fill(_ stock: inout PayloadStock, from source: inout PatternSource, room: UInt64, now: UInt64 = 0) -> Bool {
        guard var fill = stock.reserve(from: &source, room: room, now: now) else { return false }
        fill.write()
        stock.stock(&fill)
        return true
    }

    @Test func payloadsComeOutInTheSourcesOrder() {
        var stock = PayloadStock()
        var source = source(totalBytes: 1_050)
        #expect(fill(&stock, from: &source, room: 100))
        #expect(stock.count == 11, "ten whole packets and the 50-byte tail")
        #expect(source.isExhausted)
        var offset: UInt64 = 0
        while let payload = stock.take() {
            #expect(Array(payload.readableBytesView) == expected(at: offset, count: payload.readableBytes))
            offset += UInt64(payload.readableBytes)
        }
        #expect(offset == 1_050)
        #expect(stock.isEmpty)
        #expect(!fill(&stock, from: &source, room: 100), "an exhausted source reserves nothing")
    }

    @Test func oneFillRunsAtATime() {
        var stock = PayloadStock()
        var source = source()
        guard var first = stock.reserve(from: &source, room: 4, now: 0) else {
            Issue.record("nothing reserved")
            return
        }
        #expect(stock.isFilling && !stock.isEmpty)
        #expect(stock.reserve(from: &source, room: 4, now: 0) == nil)
        #expect(source.offset == 400, "the refused reserve took nothing from the source")
        first.write()
        stock.stock(&first)
        #expect(!stock.isFilling && stock.count == 4)
        #expect(fill(&stock, from: &source, room: 2))
        #expect(stock.count == 6)
    }

    @Test func aFillTakesNoMoreThanTheRoomOrTheTarget() {
        var stock = PayloadStock()
        var source = source()
        #expect(!fill(&stock, from: &source, room: 0), "no window room, nothing reserved")
        #expect(fill(&stock, from: &source, room: 3))
        #expect(stock.count == 3)
        #expect(fill(&stock, from: &source, room: 1_000))
        #expect(stock.count == PayloadStock.target)
        #expect(!fill(&stock, from: &source, room: 1_000), "a full stock takes no more")
        #expect(source.offset == UInt64(PayloadStock.target) * 100)
    }

    @Test func aPacedSourceIsReservedOnlyAsItsRateAllows() {
        var stock = PayloadStock()
        // 10 000 bytes per second in packets of 100: one packet per 10 ms.
        var source = source(rate: 10_000)
        _ = fill(&stock, from: &source, room: 1_000, now: 0)
        #expect(stock.count == 1, "one packet's credit to start with")
        #expect(!fill(&stock, from: &source, room: 1_000, now: 0), "ahead of its rate, the source gives nothing")
        #expect(fill(&stock, from: &source, room: 1_000, now: 50_000_000))
        #expect(stock.count == 3, "50 ms earn five packets, the burst keeps two")
    }

    /// Acknowledged payloads are written again rather than allocated anew.
    @Test func acknowledgedPayloadsAreFilledAgain() {
        var queue = RetransmitQueue()
        var source = source()
        var addresses: Set<UInt> = []
        for _ in 0..<3 {
            let payload = source.next(now: 0)!
            addresses.insert(payload.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress!) })
            _ = queue.append(payload)
        }
        let acknowledged = queue.acknowledge(cumulative: 3)
        #expect(acknowledged)
        var stock = PayloadStock()
        guard var fill = stock.reserve(from: &source, room: 3, now: 0) else {
            Issue.record("nothing reserved")
            return
        }
        fill.takeSpares(from: &queue)
        fill.write()
        stock.stock(&fill)
        var offset: UInt64 = 300
        while let payload = stock.take() {
            #expect(addresses.contains(payload.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress!) }))
            #expect(Array(payload.readableBytesView) == expected(at: offset, count: 100))
            offset += 100
        }
        #expect(offset == 600)
        #expect(queue.takeSpare() == nil)
    }
}
