import PasarelaKit

/// The JSON shape of a partner. Secrets, API keys and header values are never part of it: each
/// delivery header shows its name with `"[redacted]"`.
enum PartnerResource {
    static func json(_ partner: Partner) -> JSONValue {
        .object([
            "partner_id": .string(partner.id),
            "name": .string(partner.name),
            "webhook_url": .string(partner.webhookURL),
            "contact_email": partner.contactEmail.map(JSONValue.string) ?? .null,
            "scheme": .string(partner.scheme),
            "events": .array(partner.events.map(JSONValue.string)),
            "headers": .object(partner.headers.mapValues { _ in .string("[redacted]") }),
            "event_bus": .bool(partner.eventBus),
            "rate_limit_per_second": partner.rateLimitPerSecond.map { .number(String($0)) } ?? .null,
            "ordering": .string(partner.ordering.rawValue),
            "origin": .string(partner.origin.rawValue),
            "status": .string(partner.status.rawValue),
            "disabled_reason": partner.disabledReason.map(JSONValue.string) ?? .null,
            "failing_since": partner.failingSince.map { .string(ISOTimestamp.format($0)) } ?? .null,
            "previous_secret_expires_at": partner.previousSecretExpiresAt.map { .string(ISOTimestamp.format($0)) } ?? .null,
            "created_at": .string(ISOTimestamp.format(partner.createdAt)),
            "updated_at": .string(ISOTimestamp.format(partner.updatedAt)),
        ])
    }

    /// The registration answer: the partner plus its secret and API key, shown this once.
    static func registration(_ partner: Partner, apiKey: String) -> JSONValue {
        guard case .object(var members) = json(partner) else { return json(partner) }
        members["shared_secret"] = .string(partner.secret)
        members["api_key"] = .string(apiKey)
        return .object(members)
    }
}

/// The JSON shape of an inbound event, with its payload as received.
enum InboxEventResource {
    static func json(_ event: InboxEvent) -> JSONValue {
        .object([
            "id": .string(event.id),
            "source": .string(event.partnerID),
            "event_type": .string(event.eventType.rawValue),
            "partner_event_id": event.partnerEventID.map(JSONValue.string) ?? .null,
            "status": .string(event.status.rawValue),
            "received_at": .string(ISOTimestamp.format(event.receivedAt)),
            "payload": (try? JSONValue.parse(event.body)) ?? .null,
        ])
    }
}
