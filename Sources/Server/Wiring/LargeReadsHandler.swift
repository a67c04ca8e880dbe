import NIOCore

/// Lets a connection read up to 512 KiB per read instead of NIO's default 64 KiB, so a large upload
/// reaches the handler in a sixteenth of the wake-ups. (Kept under the 1 MiB at which buffers get their
/// own mappings: read buffers are reused from malloc's arenas.)
final class LargeReadsHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    func handlerAdded(context: ChannelHandlerContext) {
        let allocator = AdaptiveRecvByteBufferAllocator(minimum: 64 * 1024, initial: 256 * 1024, maximum: 512 * 1024)
        context.channel.setOption(ChannelOptions.recvAllocator, value: allocator).whenFailure { _ in }
    }
}
