import HummingbirdCore
import Logging
import NIOCore
import NIOHTTPTypesHTTP1

/// Hummingbird's HTTP/1.1 child channel with a ``PartnerWebhookChannelHandler`` placed right
/// after HTTP decoding, ahead of the conversion to HTTP types that routed requests need.
struct WebhookLaneChannel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    let http1: HTTP1Channel
    let makeHandler: @Sendable () -> PartnerWebhookChannelHandler

    /// The server builder for `Application(server:)`.
    static func server(makeHandler: @escaping @Sendable () -> PartnerWebhookChannelHandler) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in
            WebhookLaneChannel(http1: HTTP1Channel(responder: responder), makeHandler: makeHandler)
        }
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        http1.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let pipeline = channel.pipeline.syncOperations
            let conversion = try pipeline.handler(type: HTTP1ToHTTPServerCodec.self)
            try pipeline.addHandler(makeHandler(), position: .before(conversion))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await http1.handle(value: value, logger: logger)
    }
}
