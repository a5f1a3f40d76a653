import PasarelaKit

/// What the restaurant's routes take and answer, for the host's OpenAPI document.
enum ChuwueGrillRouteDocumentation {
    static let reservation = JSONValue.objectSchema(
        [
            "reservation_id": "string", "event_name": "string", "date": "string", "time": "string", "guests": "integer", "status": "string",
            "forwarded": "boolean", "paid": "boolean", "itinerary": "array", "services_requested": "array",
        ],
        required: ["reservation_id"])
    static let details = [
        "event_name": "string", "date": "string", "time": "string", "guests": "integer", "contact_name": "string",
        "contact_phone": "string", "services_requested": "array",
    ]

    static func register(_ partnerID: String) -> RouteDocumentation {
        RouteDocumentation(
            "Register \(partnerID) with the host; its shared secret and API key are shown this once",
            request: .objectSchema(
                ["webhook_url": "string", "contact_email": "string", "scheme": "string", "name": "string"], required: ["webhook_url"], closed: true),
            status: 201, responseDescription: "The partner's credentials",
            response: .objectSchema(
                ["partner_id": "string", "webhook_url": "string", "scheme": "string", "shared_secret": "string", "api_key": "string",
                 "message": "string"],
                required: ["partner_id", "shared_secret", "api_key"]),
            errors: [409: "invalid_state: already registered", 422: "invalid_request: a bad webhook_url or scheme"])
    }

    static func status(_ partnerID: String) -> RouteDocumentation {
        RouteDocumentation(
            "How the integration with \(partnerID) stands (admin, or \(partnerID)'s X-API-Key)",
            response: .objectSchema(["partner_id": "string"], required: ["partner_id"]))
    }

    static func notifyEvent(_ partnerID: String) -> RouteDocumentation {
        RouteDocumentation(
            "Confirm a reservation and tell \(partnerID) (reservation.confirmed); the same reservation_id again answers as before",
            request: .objectSchema(details.merging(["reservation_id": "string"]) { $1 }, required: ["event_name", "date", "time", "guests"], closed: true),
            responseDescription: "sent, or stored without telling the partner (too few guests)",
            response: .objectSchema(["status": "string", "reservation_id": "string", "forwarded": "boolean"], required: ["status", "reservation_id"]),
            errors: [422: "invalid_request: a missing or bad field"])
    }

    static let show = RouteDocumentation("Read a reservation", response: reservation)

    static let update = RouteDocumentation(
        "Change a reservation's details and tell the marketplace (reservation.updated)",
        request: .objectSchema(["changes": "object"], required: ["changes"], closed: true), responseDescription: "The reservation as changed",
        response: reservation, errors: [409: "invalid_state: the reservation is cancelled", 422: "invalid_request: a bad change"])

    static let cancel = RouteDocumentation(
        "Cancel a reservation and tell the marketplace (reservation.cancelled)",
        request: .objectSchema(["reason": "string"], required: ["reason"], closed: true), responseDescription: "The cancelled reservation",
        response: reservation, errors: [409: "invalid_state: already cancelled"])
}
