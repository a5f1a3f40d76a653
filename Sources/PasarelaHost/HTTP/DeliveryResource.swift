import PasarelaKit

/// The JSON shapes of deliveries and their attempts.
enum DeliveryResource {
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
