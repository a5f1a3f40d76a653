import Foundation
import Hummingbird
import PasarelaKit

/// `GET /event-types`: the event catalog, every type this host can send or receive: the loaded
/// packs' declarations, the normalized payment events the providers' reports become, and the
/// host's operational events (to event-bus partners). An admin route.
struct EventTypesController: Sendable {
    let entries: [JSONValue]

    init(packs: [PackRuntime]) {
        let declared = packs.flatMap { runtime in runtime.pack.eventTypes.map { ($0, "pack:\(runtime.name)") } }
        let payments = PaymentStatus.allCases.map { status in
            (
                EventTypeDeclaration(
                    status.eventType, .outbound, "A payment reached \(status.rawValue) (from any provider), handed to packs",
                    example: Self.paymentExample(status)),
                "providers"
            )
        }
        let operational = [
            (
                EventTypeDeclaration(
                    EventBus.partnerDisabled, .outbound, "A partner was disabled: every delivery attempt failed for delivery.disable_after_hours",
                    example: .object([
                        "partner_id": .string("acme"), "reason": .string("every delivery attempt failed for 120 hours"),
                        "disabled_at": .string("2026-12-06T12:00:00.000000Z"),
                    ])),
                "host"
            ),
            (
                EventTypeDeclaration(
                    EventBus.deliveryDeadLettered, .outbound, "A delivery was given up on after its last scheduled attempt",
                    example: .object([
                        "delivery_id": .string("dlv_01JEXAMPLE"), "partner_id": .string("acme"), "event_id": .string("evt_01JEXAMPLE"),
                        "event_type": .string("order.created"), "attempts": .number("10"), "last_error": .string("HTTP 503"),
                    ])),
                "host"
            ),
        ]
        entries = (declared + payments + operational).sorted { ($0.0.type.rawValue, $0.1) < ($1.0.type.rawValue, $1.1) }.map { declaration, by in
            .object([
                "type": .string(declaration.type.rawValue), "description": .string(declaration.description),
                "direction": .string(declaration.direction.rawValue), "declared_by": .string(by), "example": declaration.example,
            ])
        }
    }

    func addRoutes(to routes: DocumentedRoutes<some RouterMethods<AppRequestContext>>) {
        routes.tagged("Event types").add(
            .get, "/event-types", id: "listEventTypes",
            RouteDocumentation(
                "The event catalog: every type this host can send or receive, with an example",
                responseDescription: "The catalog, sorted by type", response: .schema("EventTypeList")),
            use: list)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        JSONBody.response(status: .ok, json: .object(["data": .array(entries), "next_cursor": .null]))
    }

    /// A payment in `status`, as the payments API shows it.
    private static func paymentExample(_ status: PaymentStatus) -> JSONValue {
        let now = Date(timeIntervalSince1970: 1_767_225_600)
        var payment = Payment(
            id: "pay_01JEXAMPLE", instance: "stripe", providerPaymentID: "pi_3Example", status: status,
            amount: Money(minor: 125_000, currency: .usd), description: "Boda García", providerStatus: status.rawValue, createdAt: now,
            updatedAt: now)
        payment.metadata = ["reservation_id": "RES-2026-001"]
        return (try? PaymentResource(payment: payment).json) ?? .object([:])
    }
}
