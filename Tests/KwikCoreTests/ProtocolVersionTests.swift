import KwikCore
import Testing

@Test func protocolVersionIsOne() {
    #expect(ProtocolVersion.current == 1)
}
