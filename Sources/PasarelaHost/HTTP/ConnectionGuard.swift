import NIOCore
import NIOHTTP1

/// Guards one connection against clients that are slow on purpose, right after HTTP decoding
/// and ahead of both lanes (partner webhooks and the router), so it sees every request and
/// every answer:
///
/// - a request's head and body must arrive within `server.read_timeout_seconds` of its first
///   byte, else the connection is closed, with a 408 when no answer is being written;
/// - a connection with no request arriving and no answer owed is closed after
///   `server.idle_timeout_seconds`;
/// - request bodies take their bytes from the host-wide ``RequestBodyBudget`` until the
///   connection has answered everything it read (large bodies from three quarters of it); a
///   body that does not fit is answered 503 and the connection closed.
///
/// The first byte of a request is seen by ``FirstByteObserver``, placed before the HTTP decoder,
/// because a head that trickles in is not decoded until it is whole.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let readTimeout: TimeAmount
    private let idleTimeout: TimeAmount
    private let budget: RequestBodyBudget

    private var context: ChannelHandlerContext?
    /// A request has begun arriving and has not ended.
    private var reading = false
    /// Requests whose answers have not ended.
    private var unanswered = 0
    /// An answer's head has been written and its end not yet.
    private var answering = false
    /// Bytes this connection took from the budget.
    private var heldBytes = 0
    private var closing = false
    private var readDeadline: Scheduled<Void>?
    private var idleDeadline: Scheduled<Void>?

    init(readTimeout: TimeAmount, idleTimeout: TimeAmount, budget: RequestBodyBudget) {
        self.readTimeout = readTimeout
        self.idleTimeout = idleTimeout
        self.budget = budget
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        scheduleIdle()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stopTimers()
        giveBack()
        self.context = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        stopTimers()
        giveBack()
        context.fireChannelInactive()
    }

    /// Bytes arrived on the socket: a request begins unless one is already arriving.
    func bytesArrived() {
        beginRequest()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !closing else { return }
        switch unwrapInboundIn(data) {
        case .head:
            beginRequest()
            unanswered += 1
        case .body(let buffer):
            guard budget.take(buffer.readableBytes, heldByConnection: heldBytes) else {
                return refuse(.serviceUnavailable, code: "overloaded", "too many request bodies are arriving; retry later")
            }
            heldBytes += buffer.readableBytes
        case .end:
            reading = false
            readDeadline?.cancel()
            readDeadline = nil
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head:
            answering = true
        case .body:
            break
        case .end:
            answering = false
            unanswered = max(0, unanswered - 1)
            if unanswered == 0, !reading {
                giveBack()
                scheduleIdle()
            }
        }
        context.write(data, promise: promise)
    }

    private func beginRequest() {
        guard !reading, !closing, let context else { return }
        reading = true
        idleDeadline?.cancel()
        idleDeadline = nil
        readDeadline = context.eventLoop.scheduleTask(in: readTimeout) { [weak self] in
            self?.refuse(.requestTimeout, code: "request_timeout", "the request did not arrive in time")
        }
    }

    private func scheduleIdle() {
        guard !closing, let context else { return }
        idleDeadline?.cancel()
        idleDeadline = context.eventLoop.scheduleTask(in: idleTimeout) { [weak self] in
            guard let self, let context = self.context else { return }
            self.closing = true
            context.close(promise: nil)
        }
    }

    /// Answers `status` when no answer is being written, then closes the connection.
    private func refuse(_ status: HTTPResponseStatus, code: String, _ message: String) {
        guard !closing, let context else { return }
        closing = true
        stopTimers()
        if !answering {
            let body = ByteBuffer(string: #"{"error":{"code":"\#(code)","message":"\#(message)"}}"#)
            let headers: HTTPHeaders = [
                "Content-Type": "application/json; charset=utf-8", "Content-Length": String(body.readableBytes),
                "Connection": "close", "Date": HTTPDate.now(),
            ]
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
        context.close(promise: nil)
    }

    private func stopTimers() {
        readDeadline?.cancel()
        readDeadline = nil
        idleDeadline?.cancel()
        idleDeadline = nil
    }

    private func giveBack() {
        budget.give(heldBytes)
        heldBytes = 0
    }
}

/// Tells a ``ConnectionGuard`` when bytes arrive on the socket, before HTTP decoding.
final class FirstByteObserver: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let connectionGuard: ConnectionGuard

    init(_ connectionGuard: ConnectionGuard) {
        self.connectionGuard = connectionGuard
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        connectionGuard.bytesArrived()
        context.fireChannelRead(data)
    }
}
