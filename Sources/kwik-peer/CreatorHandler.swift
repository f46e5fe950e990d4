import KwikCore
import KwikTestSupport
import NIOCore

/// A flood creator's connection, with autoRead off: it sends the create HELLO and reads only until
/// the server's answer. After a HELLO_ACK it never reads again, so what the server sends backs up;
/// after a refusal it reads on, so that the close which follows is seen.
final class CreatorHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let flood: NIOLoopBound<Flood>
    private var stream = FrameStream()
    private var granted = false

    init(flood: NIOLoopBound<Flood>) {
        self.flood = flood
    }

    func channelActive(context: ChannelHandlerContext) {
        let hello = DownloadHello.create(receiveWindow: DownloadHello.defaultWindow)
        context.writeAndFlush(wrapOutboundOut(hello), promise: nil)
        context.read()
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !granted else { return }
        stream.append(unwrapInboundIn(data))
        do {
            switch try stream.next()?.frame {
            case .helloAck:
                granted = true
                flood.value.granted()
            case .goodbye(let goodbye):
                flood.value.refused(goodbye.reason)
            case nil:
                break
            default:
                context.close(promise: nil)
            }
        } catch {
            context.close(promise: nil)
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if !granted { context.read() }
    }
}
