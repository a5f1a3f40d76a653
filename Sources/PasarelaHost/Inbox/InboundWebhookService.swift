import Crypto
import Foundation
import Logging
import PasarelaKit

/// Receives partner webhooks: verifies them before anything else, deduplicates, and stores them
/// in the inbox before they are acknowledged.
struct InboundWebhookService: Sendable {
    let partners: PartnerDirectory
    let batcher: InboxBatcher
    let clock: any WallClock
    let ids: IdentifierGenerator
    let tolerance: TimeInterval
    /// This host's name towards partners: an envelope whose `source` is this is refused.
    let identity: String
    let logger: Logger
    let dispatcher: InboxDispatcher
    /// Counts each webhook by partner (known ones only) and outcome.
    let metrics: HostMetrics

    /// What the sender is told.
    struct Receipt: Sendable {
        var duplicate: Bool
        var eventID: String

        /// The answer's `status`.
        var status: String { duplicate ? "duplicate" : "processed" }
    }

    /// - Parameter headers: header names in lower case.
    func receive(partnerID: String?, headers: [String: String], body: [UInt8]) async throws -> Receipt {
        var partner: Partner?
        if let partnerID { partner = try await partners.partner(id: partnerID) }
        let event = try verifiedEvent(from: partner, partnerID: partnerID, headers: headers, body: body)
        let insertion: InboxInsertion
        do {
            insertion = try await batcher.insert(event)
        } catch {
            count(event.partnerID, .failed)
            throw error
        }
        return receipt(for: event, insertion)
    }

    /// Bodies up to this size are verified on the caller's thread; larger ones in a task, so a
    /// big unauthenticated body never holds up an event loop's other connections.
    static let inlineBodyLimit = 64 * 1024

    /// ``receive(partnerID:headers:body:)`` for callers that must not suspend, such as a channel
    /// handler: `reply` is called once the event is stored (from the writer's thread) or refused.
    /// Without a task when the partner is cached and the body small, as under load they are.
    func receive(
        partnerID: String?, headers: [String: String], body: [UInt8],
        reply: @escaping @Sendable (Result<Receipt, any Error>) -> Void
    ) {
        guard body.count <= Self.inlineBodyLimit, let cached = partnerID.map(partners.cachedPartner(id:)) ?? .some(nil) else {
            Task {
                do {
                    reply(.success(try await receive(partnerID: partnerID, headers: headers, body: body)))
                } catch {
                    reply(.failure(error))
                }
            }
            return
        }
        let event: InboxEvent
        do {
            event = try verifiedEvent(from: cached, partnerID: partnerID, headers: headers, body: body)
        } catch {
            return reply(.failure(error))
        }
        batcher.insert(event) { insertion in
            if case .failure = insertion { count(event.partnerID, .failed) }
            reply(insertion.map { receipt(for: event, $0) })
        }
    }

    /// The inbox event for a webhook whose signature and freshness check out; everything before
    /// the write.
    private func verifiedEvent(from partner: Partner?, partnerID: String?, headers: [String: String], body: [UInt8]) throws
        -> InboxEvent
    {
        let now = clock.now()
        guard let partner else {
            logger.info("partner webhook refused: unknown partner", metadata: ["partner_id": "\(partnerID ?? "none")"])
            count(HostMetrics.unknownSource, .rejected)
            throw Self.refusal
        }
        let verified: VerifiedMessage
        do {
            let scheme = try SignatureSchemes.named(partner.scheme, tolerance: tolerance)
            verified = try scheme.verify(headers: headers, body: body, secrets: partner.secrets(at: now), now: now)
        } catch {
            logger.info("partner webhook refused", metadata: ["partner_id": "\(partner.id)", "reason": "\(error.reason)"])
            count(partner.id, .rejected)
            throw Self.refusal
        }
        let (payload, envelope) = try envelope(of: verified, body: body, from: partner)
        let partnerEventID = envelope.eventID
        let dedupeKey = verified.messageID.map { "id:\($0)" }
            ?? partnerEventID.map { "event:\($0)" }
            ?? "sha256:" + Array(SHA256.hash(data: Array(payload.pythonCanonical().utf8))).hexString
        let eventType = envelope.eventType
        let dispatched = dispatcher.wants(eventType)
        return InboxEvent(
            id: ids.make("evt", now: now), partnerID: partner.id, dedupeKey: dedupeKey, eventType: eventType,
            partnerEventID: partnerEventID, body: body, status: dispatched ? .received : .processed, receivedAt: now)
    }

    /// The verified body's envelope, refused when it is not a JSON object, names this host as its
    /// source, or has ids a text column cannot hold.
    private func envelope(of verified: VerifiedMessage, body: [UInt8], from partner: Partner) throws -> (JSONValue, PartnerEnvelope) {
        let payload: JSONValue
        if let parsed = verified.payload {
            payload = parsed
        } else {
            do {
                payload = try JSONValue.parse(body)
            } catch {
                count(partner.id, .invalid)
                throw PasarelaError(.malformedRequest, "the body is not valid JSON: \(error)")
            }
        }
        guard let envelope = PartnerEnvelope(json: payload) else {
            count(partner.id, .invalid)
            throw PasarelaError(.invalidRequest, "the body must be a JSON object")
        }
        // One shared secret signs both directions, so this host's own outgoing event, captured and
        // sent back, verifies: nothing a partner sends names this host as its source.
        guard envelope.source != identity else {
            logger.info("partner webhook refused", metadata: ["partner_id": "\(partner.id)", "reason": "its source is this host"])
            count(partner.id, .rejected)
            throw Self.refusal
        }
        // Ids and types become text columns, which PostgreSQL cannot hold with a NUL in them.
        guard !(envelope.eventID ?? "").utf8.contains(0), !envelope.eventType.rawValue.utf8.contains(0) else {
            count(partner.id, .invalid)
            throw PasarelaError(.invalidRequest, "event_type and event_id must not contain NUL characters")
        }
        return (payload, envelope)
    }

    /// What the sender is told once `event` is committed, or found to be a copy.
    private func receipt(for event: InboxEvent, _ insertion: InboxInsertion) -> Receipt {
        switch insertion {
        case .inserted:
            logger.debug(
                "partner webhook stored",
                metadata: ["partner_id": "\(event.partnerID)", "event_id": "\(event.id)", "event_type": "\(event.eventType)"])
            if event.status == .received { dispatcher.wake() }
            count(event.partnerID, .processed)
            return Receipt(duplicate: false, eventID: event.id)
        case .duplicate(let firstID):
            logger.debug("partner webhook duplicate", metadata: ["partner_id": "\(event.partnerID)", "event_id": "\(firstID)"])
            count(event.partnerID, .duplicate)
            return Receipt(duplicate: true, eventID: firstID)
        }
    }

    /// What became of a webhook, as counted in `pasarela_inbound_webhooks_total`.
    enum Outcome: String {
        case processed, duplicate, rejected, invalid, failed
    }

    /// One atomic increment once the counter exists; `source` is a known partner's id or `unknown`.
    private func count(_ source: String, _ outcome: Outcome) {
        metrics.inboundWebhooks.counter(source, outcome.rawValue).increment()
    }

    /// Unknown partners and bad signatures look the same from outside.
    static let refusal = PasarelaError(.invalidSignature, "the webhook signature could not be verified")
}
