import PasarelaKit

/// What the marketplace's routes take and answer, for the host's OpenAPI document.
enum FindyourWorkRouteDocumentation {
    static let booking = JSONValue.objectSchema(
        ["booking_id": "string", "external_event_id": "string", "service_name": "string", "service_category": "string",
         "provider": "object", "scheduled_time": "string", "status": "string"],
        required: ["booking_id", "external_event_id", "status"])
    static let opportunity = JSONValue.objectSchema(
        ["external_event_id": "string", "services_requested": "array", "status": "string", "paid": "boolean", "offers": "array",
         "bookings": "array"],
        required: ["external_event_id", "status"])

    static let services = RouteDocumentation(
        "The service catalog, sorted by service id", query: RouteDocumentation.pageQuery,
        response: .pageSchema(of: .objectSchema(["service_name": "string", "service_category": "string", "provider": "object"])),
        errors: [422: "invalid_request: a bad limit"])

    static let opportunities = RouteDocumentation(
        "Event opportunities from the restaurant, by external event id", query: RouteDocumentation.pageQuery,
        response: .pageSchema(of: opportunity), errors: [422: "invalid_request: a bad limit"])

    static let opportunityDetail = RouteDocumentation("One opportunity with its offers and bookings", response: opportunity)

    static let book = RouteDocumentation(
        "Book a service for an opportunity (a catalog service by service_id, or one described in full) and tell the restaurant",
        request: .objectSchema(
            ["service_id": "string", "service_name": "string", "service_category": "string", "provider": "object", "price": "number",
             "scheduled_time": "string"],
            closed: true),
        status: 201, responseDescription: "The booking", response: booking,
        errors: [409: "invalid_state: the opportunity is cancelled", 422: "invalid_request: a missing or bad field"])

    static let confirm = RouteDocumentation(
        "Confirm a booking (with the given or a new confirmation code) and tell the restaurant",
        request: .objectSchema(["confirmation_code": "string"], closed: true), responseDescription: "The confirmed booking", response: booking,
        errors: [409: "invalid_state: the booking is cancelled"])

    static let cancel = RouteDocumentation(
        "Cancel a booking and tell the restaurant", request: .objectSchema(["reason": "string"], required: ["reason"], closed: true),
        responseDescription: "The cancelled booking", response: booking, errors: [409: "invalid_state: already cancelled"])

    static let assignProvider = RouteDocumentation(
        "Assign a provider to a booking and tell the restaurant",
        request: .objectSchema(["provider_info": "object"], required: ["provider_info"], closed: true),
        responseDescription: "The booking with its provider", response: booking, errors: [409: "invalid_state: the booking is cancelled"])
}
