import KwikCore
import KwikTestSupport
import NIOCore

/// The create HELLO of a fresh session in which the server sends an unbounded stream, with the
/// engine's own packet size: what a real `kwiktop connect` asks for, except for the window.
enum DownloadHello {
    static func create(receiveWindow: UInt32) -> ByteBuffer {
        let parameters = SessionParameters(
            direction: .download, totalBytes: 0, packetSize: UInt32(EngineConfiguration().packetSize), seed: 1,
            receiveWindow: receiveWindow)
        return encoded([.hello(Hello(kind: .create, sessionID: .random(), pathID: 1, parameters: parameters))])
    }

    /// The window a real client offers.
    static var defaultWindow: UInt32 { UInt32(EngineConfiguration().receiveWindow) }
}
