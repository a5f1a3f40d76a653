import PasarelaKit

/// The JSON shapes of deliveries and their attempts.
enum DeliveryResource {
    /// `GET /partners/{id}/status`: where `partner`'s deliveries stand.
    static func status(of partner: Partner, _ health: DeliveryHealth) -> JSONValue {
        var counts: [String: JSONValue] = [:]
        for status in DeliveryStatus.allCases {
            counts[status.rawValue] = .number(String(health.counts[status] ?? 0))
        }
        return .object([
            "partner_id": .string(partner.id), "webhook_url": .string(partner.webhookURL), "scheme": .string(partner.scheme),
            "deliveries": .object(counts),
            "oldest_pending_at": health.oldestPendingAt.map { .string(ISOTimestamp.format($0)) } ?? .null,
            "last_delivered_at": health.lastDeliveredAt.map { .string(ISOTimestamp.format($0)) } ?? .null,
            "last_failure": health.lastFailure.map(json) ?? .null,
        ])
    }

    static func json(_ delivery: Delivery, attempts: [DeliveryAttempt]? = nil) -> JSONValue {
        var members: [String: JSONValue] = [
            "id": .string(delivery.id),
            "partner_id": .string(delivery.partnerID),
            "event_id": .string(delivery.eventID),
            "event_type": .string(delivery.eventType.rawValue),
            "status": .string(delivery.status.rawValue),
            "attempt_count": .number(String(delivery.attemptCount)),
            "next_attempt_at": delivery.nextAttemptAt.map { .string(ISOTimestamp.format($0)) } ?? .null,
            "last_status_code": delivery.lastStatusCode.map { .number(String($0)) } ?? .null,
            "last_error": delivery.lastError.map(JSONValue.string) ?? .null,
            "created_at": .string(ISOTimestamp.format(delivery.createdAt)),
            "updated_at": .string(ISOTimestamp.format(delivery.updatedAt)),
        ]
        if let attempts {
            members["attempts"] = .array(attempts.map(json))
            members["payload"] = (try? JSONValue.parse(delivery.body)) ?? .null
        }
        return .object(members)
    }

    static func json(_ attempt: DeliveryAttempt) -> JSONValue {
        .object([
            "at": .string(ISOTimestamp.format(attempt.at)),
            "status_code": attempt.statusCode.map { .number(String($0)) } ?? .null,
            "duration_ms": .number(String(attempt.durationMilliseconds)),
            "error": attempt.error.map(JSONValue.string) ?? .null,
            "response_body": attempt.responseBody.map(JSONValue.string) ?? .null,
        ])
    }
}
