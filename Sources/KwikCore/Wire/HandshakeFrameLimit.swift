import NIOCore

/// The longest frames a peer can send before its path has joined a session, measured on the encoder
/// itself so they follow the wire format. Until the join a reader accepts nothing longer, so a peer that
/// has proved nothing cannot make it buffer more than a handshake needs.
enum HandshakeFrameLimit {
    /// What a server accepts first: a HELLO, every field of which has a fixed size.
    static let fromClient = length(
        of: .hello(
            Hello(
                kind: .create, sessionID: SessionID(high: 0, low: 0), pathID: 0,
                parameters: SessionParameters(
                    direction: .download, totalBytes: 0, packetSize: 0, seed: 0, receiveWindow: 0))))

    /// What a client accepts first: a HELLO_ACK, or a refusal's GOODBYE with as long a message as its
    /// u16 length can announce.
    static let fromServer = max(
        length(of: .helloAck(HelloAck(sessionID: SessionID(high: 0, low: 0), pathID: 0, receiveWindow: 0))),
        length(of: .goodbye(Goodbye(reason: .done, message: ""))) + Int(UInt16.max))

    /// The frame's `length` field: its type byte and body.
    private static func length(of frame: Frame) -> Int {
        var buffer = ByteBuffer()
        frame.encode(into: &buffer)
        return buffer.readableBytes - FrameParser.lengthFieldSize
    }
}
