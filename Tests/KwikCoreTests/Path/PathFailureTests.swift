@testable import KwikCore
import Testing

/// What an error that reaches a path's handler makes of the connection.
@Suite struct PathFailureTests {
    @Test func aFrameTooLargeCountsTheFrameSizeLimit() {
        let error = WireError.frameTooLarge(length: 1 << 20, maximum: 1 << 16)
        #expect(PathFailure(error) == PathFailure(reason: "\(error)", limit: .frameSize))
    }

    @Test func aViolationCountsItsOwnLimit() {
        let violation = ProtocolViolation("DATA beyond the window", limit: .receiveWindow)
        #expect(PathFailure(violation) == PathFailure(reason: "DATA beyond the window", limit: .receiveWindow))
        #expect(PathFailure(WireError.emptyFrame).limit == .malformedFrame)
        #expect(PathFailure(ProtocolViolation("DATA_ACK of what was never sent")).limit == .protocolViolation)
        #expect(PathFailure(WireError.truncated(pendingBytes: 3)).limit == nil, "a connection that ended")
    }

    @Test func aTLSRecordReadAsPlaintextSaysSo() {
        // A TLS handshake record header read as a frame length: content type 22, version 3.1.
        let failure = PathFailure(WireError.frameTooLarge(length: 0x1603_0100, maximum: 1 << 16))
        let mismatch = "the peer speaks TLS and this end does not"
        #expect(failure == PathFailure(reason: mismatch, joinError: .tls(mismatch)))
    }
}
