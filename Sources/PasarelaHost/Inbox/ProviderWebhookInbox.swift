import Crypto
import Foundation
import Logging
import PasarelaKit

/// Provider webhooks the host keeps in its inbox, under the pseudo-partner `provider:{instance}`
/// (partner ids cannot contain `:`), visible at `GET /events`:
///
/// - deferred ones (``WebhookDeferral``): authentic, but the module could not finish them (its
///   provider's API was down). Acknowledged at once, then handed back to the module by the inbox
///   dispatcher with its backoff; failures show at `GET /events/{id}` like any inbox event.
/// - unhandled ones: authentic, of a type the module does not turn into events. Acknowledged and
///   stored as processed, so nothing a provider sent is lost.
enum ProviderWebhookInbox {
    static let deferredType = EventType(rawValue: "provider.webhook.deferred")
    static let unhandledType = EventType(rawValue: "provider.webhook.unhandled")
    static let partnerPrefix = "provider:"

    /// Stores provider webhooks in the inbox.
    struct Queue: Sendable {
        let batcher: InboxBatcher
        let ids: IdentifierGenerator
        let clock: any WallClock
        let wake: @Sendable () -> Void
        let logger: Logger

        /// Keeps `request` for a later retry and returns the inbox event's id.
        func keepDeferred(instance: String, request: ProviderWebhookRequest, deferral: WebhookDeferral) async throws -> String {
            let id = try await store(instance: instance, request: request, type: deferredType, status: .received)
            logger.notice(
                "provider webhook deferred", metadata: ["instance": "\(instance)", "event_id": "\(id)", "reason": "\(deferral.reason)"])
            wake()
            return id
        }

        /// Keeps a webhook the module acknowledged without events, and returns the inbox event's id.
        func keepUnhandled(instance: String, request: ProviderWebhookRequest) async throws -> String {
            let id = try await store(instance: instance, request: request, type: unhandledType, status: .processed)
            logger.info("provider webhook with no events kept", metadata: ["instance": "\(instance)", "event_id": "\(id)"])
            return id
        }

        /// Stores `request` once: the same request replayed (same headers, query and body) finds
        /// the first copy, whose id is returned.
        private func store(instance: String, request: ProviderWebhookRequest, type: EventType, status: InboxStatus) async throws
            -> String
        {
            let now = clock.now()
            let stored = Array(encode(request).serialized().utf8)
            let event = InboxEvent(
                id: ids.make("evt", now: now), partnerID: partnerPrefix + instance,
                dedupeKey: "sha256:" + Array(SHA256.hash(data: stored)).hexString, eventType: type, partnerEventID: nil,
                body: stored, status: status, receivedAt: now)
            switch try await batcher.insert(event) {
            case .inserted: return event.id
            case .duplicate(let first): return first
            }
        }
    }

    /// Hands deferred webhooks back to their instance's module.
    struct Retrier: InboxHandler {
        let name = "provider-webhooks"
        let payments: PaymentService

        func subscribes(to type: EventType) -> Bool { type == deferredType }

        func handle(_ event: InboxEvent) async throws {
            // Partners cannot send as `provider:…`; anything else with this type is not ours to run.
            guard event.partnerID.hasPrefix(partnerPrefix) else { return }
            guard let request = decode(event.body) else {
                throw PasarelaError(.invalidRequest, "the stored webhook \(event.id) cannot be read back")
            }
            _ = try await payments.handleWebhook(instance: String(event.partnerID.dropFirst(partnerPrefix.count)), request: request)
        }
    }

    /// Credentials a caller may have sent along; never stored, never needed to finish a webhook.
    static let unkeptHeaders: Set<String> = ["authorization", "proxy-authorization", "cookie", "x-api-key"]

    static func encode(_ request: ProviderWebhookRequest) -> JSONValue {
        .object([
            "headers": .object(request.headers.filter { !unkeptHeaders.contains($0.key) }.mapValues(JSONValue.string)),
            "query": .object(request.query.mapValues(JSONValue.string)),
            "body_base64": .string(Data(request.body).base64EncodedString()),
            "received_at": .string(ISOTimestamp.format(request.receivedAt)),
        ])
    }

    /// The request as stored, marked ``ProviderWebhookRequest/verified``.
    static func decode(_ bytes: [UInt8]) -> ProviderWebhookRequest? {
        guard let json = try? JSONValue.parse(bytes), let headers = json["headers"]?.objectValue,
            let query = json["query"]?.objectValue, let body = json["body_base64"]?.stringValue.flatMap({ Data(base64Encoded: $0) }),
            let receivedAt = json["received_at"]?.stringValue.flatMap(ISOTimestamp.parse)
        else { return nil }
        return ProviderWebhookRequest(
            headers: headers.compactMapValues(\.stringValue), query: query.compactMapValues(\.stringValue), body: Array(body),
            receivedAt: receivedAt, verified: true)
    }
}
