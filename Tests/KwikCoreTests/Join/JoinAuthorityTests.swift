@testable import KwikCore
import Testing

@Suite struct JoinAuthorityTests {
    private let session = SessionID(high: 1, low: 2)
    private let parameters = SessionParameters(
        direction: .download, totalBytes: 0, packetSize: 1024, seed: 1, receiveWindow: 16)

    @Test func aJoinProvesTheSecretOnce() {
        let server = JoinAuthority(makesSecret: true)
        let client = JoinAuthority(makesSecret: false)
        client.learn(server.secret)
        let hello = client.joinHello(session: session, pathID: 2, standby: false, parameters: parameters)
        #expect(server.verify(hello, session: session) == .admitted)
        #expect(server.verify(hello, session: session) == .replayed)
    }

    @Test func aJoinWithoutTheSecretOrForAnotherSessionIsRefused() {
        let server = JoinAuthority(makesSecret: true)
        let stranger = JoinAuthority(makesSecret: false)
        let guess = stranger.joinHello(session: session, pathID: 2, standby: false, parameters: parameters)
        #expect(server.verify(guess, session: session) == .badProof)
        let insider = JoinAuthority(makesSecret: false)
        insider.learn(server.secret)
        let elsewhere = insider.joinHello(
            session: SessionID(high: 9, low: 9), pathID: 2, standby: false, parameters: parameters)
        #expect(server.verify(elsewhere, session: session) == .badProof)
    }
}
