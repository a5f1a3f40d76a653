import Foundation
import NIOCore
import NIOPosix

/// One keep-alive HTTP/1.1 connection for `pasarela bench`: writes pre-encoded requests and reads
/// answers with a minimal parser, so the load generator costs far less than the server it measures.
struct BenchConnection: Sendable {
    private let channel: any Channel

    static func connect(host: String, port: Int) async throws -> BenchConnection {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(ResponseReader()) }
            }
            .connect(host: host, port: port).get()
        return BenchConnection(channel: channel)
    }

    /// Sends one request and returns the answer's status code.
    func send(_ request: ByteBuffer) async throws -> Int {
        let answer = channel.eventLoop.makePromise(of: Int.self)
        channel.writeAndFlush(PendingRequest(bytes: request, answer: answer), promise: nil)
        return try await answer.futureResult.get()
    }

    func close() async {
        try? await channel.close()
    }

    /// The HTTP/1.1 bytes of a POST with `headers` and `body`.
    static func encode(path: String, authority: String, headers: [(String, String)], body: [UInt8]) -> ByteBuffer {
        var text = "POST \(path) HTTP/1.1\r\nHost: \(authority)\r\nContent-Length: \(body.count)\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        text += "\r\n"
        var buffer = ByteBuffer(string: text)
        buffer.writeBytes(body)
        return buffer
    }
}

private struct PendingRequest: Sendable {
    var bytes: ByteBuffer
    var answer: EventLoopPromise<Int>
}

/// Matches answers to requests in order; understands `Content-Length` bodies only, which is
/// what HTTP servers send for small JSON answers.
private final class ResponseReader: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = PendingRequest
    typealias OutboundOut = ByteBuffer

    private var waiting: CircularBuffer<EventLoopPromise<Int>> = []
    private var received = ByteBuffer()

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        waiting.append(request.answer)
        context.write(wrapOutboundOut(request.bytes), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var chunk = unwrapInboundIn(data)
        received.writeBuffer(&chunk)
        while let status = nextAnswer() {
            guard !waiting.isEmpty else { break }
            waiting.removeFirst().succeed(status)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(ChannelError.ioOnClosedChannel)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failAll(error)
        context.close(promise: nil)
    }

    private func failAll(_ error: any Error) {
        while !waiting.isEmpty { waiting.removeFirst().fail(error) }
    }

    /// Consumes one complete answer from `received`, if there is one, and returns its status.
    private func nextAnswer() -> Int? {
        let view = received.readableBytesView
        guard let headerEnd = view.firstRange(of: [13, 10, 13, 10]) else { return nil }
        let head = String(decoding: view[view.startIndex..<headerEnd.lowerBound], as: UTF8.self)
        let lines = head.split(separator: "\r\n")
        guard let statusLine = lines.first else { return nil }
        let status = statusLine.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        var length = 0
        for line in lines.dropFirst() where line.lowercased().hasPrefix("content-length:") {
            length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) ?? 0
        }
        let total = headerEnd.upperBound - view.startIndex + length
        guard received.readableBytes >= total else { return nil }
        received.moveReaderIndex(forwardBy: total)
        received.discardReadBytes()
        return status
    }
}
