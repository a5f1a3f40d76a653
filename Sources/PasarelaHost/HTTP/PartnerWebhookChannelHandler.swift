import HTTPTypes
import Logging
import NIOCore
import NIOHTTP1
import PasarelaKit

/// Answers partner webhooks (`POST /webhooks/partner/{partner_id}` and `POST /webhooks/partner/`)
/// straight from the connection's channel pipeline, right after HTTP/1.1 decoding and ahead of
/// the router: the request is verified on the event loop, stored by the inbox's group commit,
/// and answered from the event loop once committed. It is the same service and the same answers
/// as ``PartnerWebhooksController``, without the tasks, continuations, executor hops and header
/// conversions a routed request costs; the webhook route is the host's hot path, and that cost
/// was most of it.
///
/// Everything else — other routes, odd paths, and a webhook pipelined behind a routed request
/// still being answered — goes on to the router untouched, so answers never leave out of order.
/// While a webhook is being stored the connection reads no further, and what it had already read
/// (requests, the client's half-close, a parse error) is held and passed on, in order, once the
/// webhook is answered. Reading also pauses while answers are waiting to be written.
final class PartnerWebhookChannelHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    /// How a request is answered.
    private struct Reply {
        var version: HTTPVersion
        var closesConnection: Bool
        /// The caller's `X-Request-ID` when it is sane; otherwise one is made when answering.
        var requestID: String?
    }

    /// A webhook being read.
    private struct Webhook {
        var reply: Reply
        var partnerID: String?
        var headers: [String: String]
        var body: [UInt8] = []
        var tooLarge: Bool
    }

    private enum Reading {
        case betweenRequests
        case forwarding
        case webhook
        /// The answer said `Connection: close`: nothing more is read.
        case closed
    }

    /// What arrived while a webhook was being answered.
    private enum Held {
        case part(HTTPServerRequestPart)
        case event(Any)
        case error(any Error)
    }

    private let inbound: InboundWebhookService
    private let maxBodyBytes: Int
    private let serverName: String
    private let logger: Logger

    private var reading = Reading.betweenRequests
    private var webhook: Webhook?
    /// Requests handed to the router whose answers have not ended yet.
    private var forwarded = 0
    /// A webhook has been read and is being stored.
    private var answering = false
    /// What arrived while answering, handled in order afterwards.
    private var held: [Held] = []
    private var readHeld = false
    private var quiesceHeld = false

    init(inbound: InboundWebhookService, maxBodyBytes: Int, serverName: String, logger: Logger) {
        self.inbound = inbound
        self.maxBodyBytes = maxBodyBytes
        self.serverName = serverName
        self.logger = logger
    }

    private static let routePrefix = Array("/\(PartnerWebhooksController.path)".utf8)

    /// The partner a request to the webhook routes names: `.some(id)` from the path,
    /// `.some(nil)` when it must come from `X-Partner-ID`; `nil` for any other request.
    static func webhookPartner(of head: HTTPRequestHead) -> String?? {
        guard head.method == .POST else { return nil }
        let path = head.uri.utf8.prefix { $0 != UInt8(ascii: "?") }
        guard path.starts(with: Self.routePrefix) else { return nil }
        let rest = path.dropFirst(Self.routePrefix.count)
        if rest.isEmpty || rest.elementsEqual("/".utf8) {
            // Repeated headers joined as the router sees them (and refuses them).
            let values = head.headers[PartnerWebhooksController.partnerIDHeader.rawName]
            return .some(values.isEmpty ? nil : values.joined(separator: ", "))
        }
        guard rest.first == UInt8(ascii: "/") else { return nil }
        let id = String(Substring(rest.dropFirst()))
        return PartnerID.isValid(id) ? .some(id) : nil
    }

    /// Whether what arrives now must wait for the answer being written.
    private var holding: Bool { answering || !held.isEmpty }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        guard !holding else { return held.append(.part(part)) }
        read(part, context: context)
    }

    private func read(_ part: HTTPServerRequestPart, context: ChannelHandlerContext) {
        switch (reading, part) {
        case (.betweenRequests, .head(let request)):
            if forwarded == 0, let partnerID = Self.webhookPartner(of: request) {
                let declaredLength = request.headers.first(name: "content-length").flatMap(Int.init) ?? 0
                webhook = Webhook(
                    reply: Reply(
                        version: request.version, closesConnection: !request.isKeepAlive,
                        requestID: request.headers.first(name: "x-request-id").flatMap(RequestIdentifier.sane)),
                    partnerID: partnerID,
                    headers: PartnerWebhooksController.lowercasedHeaders(request.headers), tooLarge: declaredLength > maxBodyBytes)
                reading = .webhook
            } else {
                forwarded += 1
                reading = .forwarding
                context.fireChannelRead(wrapInboundOut(part))
            }
        case (.webhook, .body(let buffer)):
            guard var reading = webhook, !reading.tooLarge else { return }
            webhook = nil  // the body is appended in place, not copied
            if reading.body.count + buffer.readableBytes > maxBodyBytes {
                reading.tooLarge = true
                reading.body = []
            } else {
                reading.body.append(contentsOf: buffer.readableBytesView)
            }
            webhook = reading
        case (.closed, _):
            break
        case (.webhook, .end):
            reading = .betweenRequests
            if let webhook { answer(webhook, context: context) }
            webhook = nil
        case (.forwarding, .end):
            reading = .betweenRequests
            context.fireChannelRead(wrapInboundOut(part))
        default:
            // The rest of a routed request, or something the decoder should never produce: the
            // router's own handling deals with both.
            context.fireChannelRead(wrapInboundOut(part))
        }
    }

    private func answer(_ webhook: Webhook, context: ChannelHandlerContext) {
        answering = true
        if webhook.tooLarge {
            let refusal = APIError.bodyTooLarge(limit: maxBodyBytes)
            return write(status: refusal.status, body: refusal.body, reply: webhook.reply, context: context)
        }
        let eventLoop = context.eventLoop
        let handler = NIOLoopBound(self, eventLoop: eventLoop)
        let boundContext = NIOLoopBound(context, eventLoop: eventLoop)
        let reply = webhook.reply
        inbound.receive(partnerID: webhook.partnerID, headers: webhook.headers, body: webhook.body) { result in
            eventLoop.execute {
                handler.value.finish(result, reply: reply, context: boundContext.value)
            }
        }
    }

    private func finish(_ result: Result<InboundWebhookService.Receipt, any Error>, reply: Reply, context: ChannelHandlerContext) {
        switch result {
        case .success(let receipt):
            write(status: .ok, body: JSONBody.webhookReceiptBody(status: receipt.status, eventID: receipt.eventID), reply: reply, context: context)
        case .failure(let error):
            let answer = APIError(answering: error, logger: logger)
            write(status: answer.status, body: answer.body, reply: reply, context: context)
        }
    }

    private func write(status: HTTPResponse.Status, body: [UInt8], reply: Reply, context: ChannelHandlerContext) {
        var headers: HTTPHeaders = [
            "Content-Type": "application/json; charset=utf-8", "Content-Length": String(body.count), "Date": HTTPDate.now(),
            "Server": serverName, "X-Request-ID": reply.requestID ?? RequestIdentifier.next(),
        ]
        if reply.closesConnection {
            headers.add(name: "Connection", value: "close")
        } else if reply.version == .http1_0 {
            headers.add(name: "Connection", value: "keep-alive")
        }
        let head = HTTPResponseHead(version: reply.version, status: HTTPResponseStatus(statusCode: status.code), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: body)))), promise: nil)
        if reply.closesConnection {
            // Only the sending side, as the router does: closing both with unread bytes could
            // reset the connection before the answer arrives.
            reading = .closed
            held = []
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            context.close(mode: .output, promise: nil)
        } else if held.isEmpty {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        } else {
            // What was held goes on once the answer is out, so a close among it cannot cut it.
            let written = context.eventLoop.makePromise(of: Void.self)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: written)
            let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
            let boundContext = NIOLoopBound(context, eventLoop: context.eventLoop)
            written.futureResult.whenComplete { _ in
                handler.value.answering = false
                handler.value.resumeReading(context: boundContext.value)
            }
            return
        }
        answering = false
        resumeReading(context: context)
    }

    /// Handles what was held while answering, in order, until it is all handled or another
    /// webhook is being stored; then lets the connection read again.
    private func resumeReading(context: ChannelHandlerContext) {
        if !held.isEmpty {
            while !answering, !held.isEmpty {
                switch held.removeFirst() {
                case .part(let part): read(part, context: context)
                case .event(let event): context.fireUserInboundEventTriggered(event)
                case .error(let error): context.fireErrorCaught(error)
                }
            }
            // What went on to the router reaches it only at the end of a read.
            context.fireChannelReadComplete()
        }
        guard !answering else { return }
        if quiesceHeld, reading != .webhook {
            quiesceHeld = false
            context.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        }
        if readHeld, context.channel.isWritable {
            readHeld = false
            context.read()
        }
    }

    func read(context: ChannelHandlerContext) {
        if answering || !context.channel.isWritable {
            readHeld = true
        } else {
            context.read()
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if readHeld, !answering, context.channel.isWritable {
            readHeld = false
            context.read()
        }
        context.fireChannelWritabilityChanged()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        // A parse error's 400 ends a request that was never forwarded.
        if case .end = unwrapOutboundIn(data), forwarded > 0 { forwarded -= 1 }
        context.write(data, promise: promise)
    }

    /// On shutdown the connection is closed once the webhook being read or stored is answered.
    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent, holding || reading == .webhook {
            quiesceHeld = true
        } else if holding {
            held.append(.event(event))
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if holding {
            held.append(.error(error))
        } else {
            context.fireErrorCaught(error)
        }
    }
}
