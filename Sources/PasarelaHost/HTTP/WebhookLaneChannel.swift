import HummingbirdCore
import Logging
import NIOCore
import NIOHTTPTypesHTTP1

/// Hummingbird's HTTP/1.1 child channel with a ``PartnerWebhookChannelHandler`` placed right
/// after HTTP decoding, ahead of the conversion to HTTP types that routed requests need, and
/// ahead of both a ``ConnectionGuard`` (read and idle timeouts, the shared body budget), with
/// its ``FirstByteObserver`` first in the pipeline. Every connection counts towards the
/// ``ConnectionLimiter``.
struct WebhookLaneChannel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    /// What every connection of one server shares.
    struct Limits: Sendable {
        var readTimeout: TimeAmount
        var idleTimeout: TimeAmount
        var connections: ConnectionLimiter
        var bodies: RequestBodyBudget
    }

    let http1: HTTP1Channel
    let limits: Limits
    let makeHandler: @Sendable () -> PartnerWebhookChannelHandler

    /// The server builder for `Application(server:)`.
    static func server(limits: Limits, makeHandler: @escaping @Sendable () -> PartnerWebhookChannelHandler) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in
            WebhookLaneChannel(http1: HTTP1Channel(responder: responder), limits: limits, makeHandler: makeHandler)
        }
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        limits.connections.opened(channel)
        return http1.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let pipeline = channel.pipeline.syncOperations
            let conversion = try pipeline.handler(type: HTTP1ToHTTPServerCodec.self)
            let connectionGuard = ConnectionGuard(
                readTimeout: limits.readTimeout, idleTimeout: limits.idleTimeout, budget: limits.bodies)
            try pipeline.addHandler(FirstByteObserver(connectionGuard), position: .first)
            try pipeline.addHandler(connectionGuard, position: .before(conversion))
            try pipeline.addHandler(makeHandler(), position: .before(conversion))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await http1.handle(value: value, logger: logger)
    }
}

extension WebhookLaneChannel.Limits {
    /// The limits `server` configures.
    init(_ server: HostConfiguration.Server) {
        self.init(
            readTimeout: .seconds(Int64(server.readTimeoutSeconds)), idleTimeout: .seconds(Int64(server.idleTimeoutSeconds)),
            connections: ConnectionLimiter(limit: server.maxConnections),
            bodies: RequestBodyBudget(limit: server.maxPendingBodyBytes))
    }
}
